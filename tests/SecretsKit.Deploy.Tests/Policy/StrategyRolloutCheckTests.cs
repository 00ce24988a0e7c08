using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>
/// SK-ROLLOUT-002 and -003 on the renderings of a release's strategy: a Secret the canary or a blue-green color renders
/// under the stable release's namespace and name is one MEDIUM finding naming the Secret and the releases (never a value),
/// a Secret named after the release is none; a weightValue that neither the values hold nor any template reads (the
/// canary renders the same at weight 0 and 100) is one finding on the values, and none when either is not so.
/// </summary>
public sealed class StrategyRolloutCheckTests
{
    private const string Value = "s3cr3t-shared-77d1";

    private static string Rendering(string release, string secretName, string ns = "shop", string weight = "") => $$"""
        ---
        # Source: app/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata: {name: {{secretName}}, namespace: {{ns}} }
        stringData: {password: {{Value}} }
        ---
        # Source: app/templates/configmap.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data: {weight: "{{weight}}"}
        ---
        # Source: app/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{release}}-app, namespace: shop}
        spec:
          selector: {matchLabels: {app: {{release}} } }
          template:
            metadata: {labels: {app: {{release}} } }
            spec: {containers: [{name: app, image: app:1}]}

        """;

    private static ManifestSource[] Source(string text) => [new ManifestSource("rendered", text)];

    private static List<PolicyFinding> Scan(string stable, StrategyRenderings strategy, string id) =>
    [
        .. new PolicyScanner(new PolicyOptions { Strategy = strategy })
            .Scan([new ManifestSource("release shop/backend", stable)], CancellationToken.None).Findings.Where(f => f.Id == id),
    ];

    private static StrategyRenderings Canary(string atZero, string? atFull = null, bool weightInValues = true) =>
        new("canary", [new StrategyRelease("backend-canary", Source(atZero))])
        {
            WeightValue = "canary.weight", WeightInValues = weightInValues, AtFullWeight = Source(atFull ?? atZero),
        };

    [Fact]
    public void A_Secret_the_canary_renders_under_the_stable_releases_name_is_one_medium_finding_naming_it_never_its_value()
    {
        var f = Assert.Single(Scan(Rendering("backend", "app-creds"), Canary(Rendering("backend-canary", "app-creds")), "SK-ROLLOUT-002"));

        Assert.Equal((PolicySeverity.Medium, "metadata.name"), (f.Severity, f.Path));
        Assert.Contains("Secret shop/app-creds is rendered by the canary release backend-canary too", f.Message, StringComparison.Ordinal);
        Assert.Contains("no abort or switch back restores it", f.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, f.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_named_after_the_release_a_shared_ConfigMap_and_a_Secret_of_another_namespace_are_not_findings()
    {
        Assert.Empty(Scan(Rendering("backend", "backend-creds"), Canary(Rendering("backend-canary", "backend-canary-creds")), "SK-ROLLOUT-002"));
        Assert.Empty(Scan(Rendering("backend", "app-creds"), Canary(Rendering("backend-canary", "app-creds", ns: "other")), "SK-ROLLOUT-002"));
    }

    [Fact]
    public void Blue_green_colors_that_both_render_the_stable_Secret_are_named_in_one_finding()
    {
        var colors = new StrategyRenderings("blue-green color",
            [new StrategyRelease("frontend-blue", Source(Rendering("frontend-blue", "app-creds"))), new StrategyRelease("frontend-green", Source(Rendering("frontend-green", "app-creds")))]);

        var f = Assert.Single(Scan(Rendering("frontend", "app-creds"), colors, "SK-ROLLOUT-002"));

        Assert.Contains("rendered by the blue-green color releases frontend-blue, frontend-green too", f.Message, StringComparison.Ordinal);
        Assert.Empty(Scan(Rendering("frontend", "app-creds"), colors, "SK-ROLLOUT-003")); // no weight to judge
    }

    [Fact]
    public void A_weightValue_no_values_hold_and_no_template_reads_is_one_finding_on_the_values_at_the_path()
    {
        var f = Assert.Single(Scan(Rendering("backend", "backend-creds"), Canary(Rendering("backend-canary", "backend-canary-creds"), weightInValues: false), "SK-ROLLOUT-003"));

        Assert.Equal((PolicySeverity.Medium, "canary.weight", "values"), (f.Severity, f.Path, f.Document.Kind));
        Assert.Contains("neither the chart's values nor the release's have canary.weight", f.Message, StringComparison.Ordinal);
        Assert.Contains("renders the same at weight 0 and 100", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_the_values_hold_or_a_template_reads_with_a_default_is_not_a_finding()
    {
        Assert.Empty(Scan(Rendering("backend", "backend-creds"), Canary(Rendering("backend-canary", "backend-canary-creds"), weightInValues: true), "SK-ROLLOUT-003"));
        var read = Canary(Rendering("backend-canary", "backend-canary-creds", weight: "0"), Rendering("backend-canary", "backend-canary-creds", weight: "100"), weightInValues: false);
        Assert.Empty(Scan(Rendering("backend", "backend-creds"), read, "SK-ROLLOUT-003"));
    }

    [Fact]
    public void Values_have_a_path_when_the_merged_keys_hold_a_scalar_list_or_map_there_and_not_after_a_null()
    {
        var values = new ValueProvenance();
        values.AddFile("values.yaml", "canary:\n  weight: 0\nrouting: {weights: [1, 2]}\ngone: 1\n", encrypted: false);
        values.AddFile("override.yaml", "gone: null\n", encrypted: false);

        Assert.True(values.Has("canary.weight"));
        Assert.True(values.Has("canary"));
        Assert.True(values.Has("routing.weights"));
        Assert.False(values.Has("canary.percent"));
        Assert.False(values.Has("canary.weight.value"));
        Assert.False(values.Has("gone"));
    }
}
