using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>
/// What a run knows beyond the manifests: the namespace objects without one are installed into (KSV110, KSV037), the
/// registries KSV0125 trusts (<see cref="TrivyCheckData"/>, <c>--trusted-registry</c>), and the findings the severity
/// filter leaves out (<see cref="PolicyReport.BelowText"/>).
/// </summary>
public sealed class PolicyRunSettingsTests
{
    private static string Pod(string image, string? ns = null) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {{(ns is null ? "{name: app}" : "{name: app, namespace: " + ns + "}")}}
        spec:
          containers:
            - {name: app, image: "{{image}}", securityContext: {privileged: true} }
        """;

    private static PolicyReport Scan(string manifest, string? defaultNamespace = null, PolicyOptions? options = null) =>
        new PolicyScanner(options ?? new PolicyOptions()).Scan([new ManifestSource("rendered", manifest, defaultNamespace)], CancellationToken.None);

    private static IEnumerable<string> Ids(PolicyReport r) => r.Findings.Select(f => f.Id);

    [Fact]
    public void An_object_without_a_namespace_is_judged_in_the_namespace_it_is_installed_into()
    {
        Assert.Contains("KSV110", Ids(Scan(Pod("app:1.0"))));
        Assert.Contains("KSV110", Ids(Scan(Pod("app:1.0"), defaultNamespace: "default")));
        Assert.DoesNotContain("KSV110", Ids(Scan(Pod("app:1.0"), defaultNamespace: "freight-prod")));
        // a namespace the object names itself wins over the release's
        Assert.Contains("KSV110", Ids(Scan(Pod("app:1.0", ns: "default"), defaultNamespace: "freight-prod")));
        // and a release into kube-system puts its workloads there
        Assert.Contains("KSV037", Ids(Scan(Pod("app:1.0"), defaultNamespace: "kube-system")));
    }

    [Fact]
    public void Trusted_registries_replace_the_cloud_defaults_as_Trivys_data_does()
    {
        const string company = "registry.example.com/shop/api:1.4.2";
        Assert.Contains("KSV0125", Ids(Scan(Pod(company))));
        Assert.DoesNotContain("KSV0125", Ids(Scan(Pod("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1"))));

        var trusted = new PolicyOptions { TrustedRegistries = ["registry.example.com"] };
        Assert.DoesNotContain("KSV0125", Ids(Scan(Pod(company), options: trusted)));
        Assert.Contains("KSV0125", Ids(Scan(Pod("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1"), options: trusted)));
        Assert.Contains("KSV0125", Ids(Scan(Pod("registry.example.org/api:1"), options: trusted)));
        // an image with no registry part is not judged, as in Trivy
        Assert.DoesNotContain("KSV0125", Ids(Scan(Pod("api:1"), options: trusted)));
    }

    [Fact]
    public void Trivy_data_files_list_trusted_registries_and_bad_ones_are_refused_naming_the_key()
    {
        Assert.Equal(["registry.example.com", "mirror.example.net"],
            TrivyCheckData.TrustedRegistries("ksv0125:\n  trusted_registries:\n    - registry.example.com\n    - \"mirror.example.net\"\nother_check: {x: 1}\n"));
        Assert.Equal(["registry.example.com"], TrivyCheckData.TrustedRegistries("{\"ksv0125\": {\"trusted_registries\": [\"registry.example.com\"]}}"));
        Assert.Empty(TrivyCheckData.TrustedRegistries("services: {ports: [\"20\"]}\n"));
        Assert.Empty(TrivyCheckData.TrustedRegistries(""));

        Assert.Contains("ksv0125.trusted_registries must be a list", Assert.Throws<FormatException>(() => TrivyCheckData.TrustedRegistries("ksv0125: {trusted_registries: registry.example.com}")).Message, StringComparison.Ordinal);
        Assert.Contains("ksv0125.trusted_registries[1]", Assert.Throws<FormatException>(() => TrivyCheckData.TrustedRegistries("ksv0125: {trusted_registries: [a.example.com, \"\"]}")).Message, StringComparison.Ordinal);
        Assert.Contains("ksv0125 must be a mapping", Assert.Throws<FormatException>(() => TrivyCheckData.TrustedRegistries("ksv0125: [a]")).Message, StringComparison.Ordinal);
        Assert.Contains("not YAML", Assert.Throws<FormatException>(() => TrivyCheckData.TrustedRegistries("ksv0125: [unclosed")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_below_the_severity_filter_are_counted_by_ID_and_severity_most_severe_first()
    {
        var manifest = Pod("registry.example.com/a:1") + "\n---\n" + Pod("registry.example.com/b:1").Replace("{name: app}", "{name: other}", StringComparison.Ordinal);
        var report = Scan(manifest, "shop", new PolicyOptions { Severities = [PolicySeverity.Critical] });
        Assert.True(report.Ok);
        Assert.Empty(report.Findings);
        var text = report.BelowText("--policy-severity", [PolicySeverity.Critical]);
        Assert.NotNull(text);
        Assert.StartsWith($"{report.Filtered} findings below --policy-severity CRITICAL: ", text, StringComparison.Ordinal);
        var ids = text.Split(": ", 2)[1].Split("; ")[0].Split(", ");
        Assert.Contains("KSV017 (HIGH) x2", ids);
        Assert.Contains("KSV0125 (MEDIUM) x2", ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        // most severe first: every HIGH before every MEDIUM before every LOW
        var order = ids.Select(i => i.Contains("(HIGH)", StringComparison.Ordinal) ? 0 : i.Contains("(MEDIUM)", StringComparison.Ordinal) ? 1 : 2).ToList();
        Assert.Equal(order.Order(), order);
        Assert.EndsWith("; --policy-severity LOW,MEDIUM,HIGH,CRITICAL reports them", text, StringComparison.Ordinal);
        Assert.DoesNotContain("registry.example.com", text, StringComparison.Ordinal);

        var all = Scan(manifest, "shop");
        Assert.Null(all.BelowText("--severity", []));
        Assert.Equal(report.Filtered, all.Findings.Count);
    }
}
