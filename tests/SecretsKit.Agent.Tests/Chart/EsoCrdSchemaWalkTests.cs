using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Controllers.PushSecrets;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// ESO v2.9.0's own CRD schemas (fetched by scripts/fetch-eso-crds.sh into the ignored .tools/eso-crds/v2.9.0; no package
/// CI can reach ships them, so these tests are skipped without that folder): every field path and enum value of
/// ExternalSecret, ClusterExternalSecret and PushSecret is accepted by the agent (never <c>UnsupportedField</c>) and by the
/// chart's CRDs. What is not done yet is listed here, path by path, and the lists must match exactly.
/// </summary>
public sealed class EsoCrdSchemaWalkTests
{
    internal static string Folder => Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "eso-crds", "v2.9.0");

    private sealed class EsoCrdFactAttribute : FactAttribute
    {
        public EsoCrdFactAttribute()
        {
            if (!Directory.Exists(Folder)) Skip = "ESO's CRDs are not fetched: run scripts/fetch-eso-crds.sh (developer-run; CI reaches no source of them)";
        }
    }

    private static JsonObject EsoCrd(string plural) =>
        (JsonObject)YamlValues.ToJson(YamlValues.LoadAll(File.ReadAllText(Path.Combine(Folder, $"external-secrets.io_{plural}.yaml"))).Single())!;

    private static JsonObject ChartCrd(string plural) =>
        AgentChart.Crds.Single(c => c["metadata"]!["name"]!.GetValue<string>() == $"{plural}.external-secrets.io");

    /// <summary>
    /// ExternalSecret fields of ESO v2.9.0 the agent still reports as UnsupportedField (field → the path reported): the
    /// generator kinds the agent lacks (see EsoGeneratorCrdWalkTests.PendingKinds), in <c>data[]</c> and <c>dataFrom[]</c>.
    /// None since #50 (GitlabDeployToken and BeyondtrustWorkloadCredentialsDynamicSecret were the last).
    /// </summary>
    internal static readonly string[] PendingExternalSecret = [];

    /// <summary>
    /// PushSecret fields of ESO v2.9.0 (v1alpha1) the agent still reports as UnsupportedField: the same generator kinds as
    /// <see cref="PendingExternalSecret"/>'s, as <c>selector.generatorRef</c> (a PushSecret runs the same generators).
    /// </summary>
    internal static readonly string[] PendingPushSecret =
    [
        .. PendingExternalSecret.Where(p => p.StartsWith("dataFrom[].sourceRef.generatorRef.kind=", StringComparison.Ordinal))
            .Select(p => p.Split(' ')[0]["dataFrom[].sourceRef.generatorRef.kind=".Length..])
            .Select(kind => $"selector.generatorRef.kind={kind} -> spec.selector.generatorRef.kind={kind}"),
    ];

    /// <summary>ESO fields the chart's CRDs do not declare yet (the API server would prune them before the agent sees them).</summary>
    internal static readonly string[] ChartMissing = [];

    private static List<string> UnsupportedExternalSecretPaths(JsonObject specSchema, string prefix = "") =>
        [.. CrdSchemaWalk.Leaves(specSchema)
            .Select(l => ExternalSecretFieldSupport.FirstUnsupported(new JsonObject { ["spec"] = l.Spec }) is { } bad ? prefix + l.Path + " -> " + bad : null)
            .OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The list must be exactly <paramref name="expected"/>: the failure message prints all of <paramref name="actual"/>, one per line.</summary>
    private static void AssertExactly(string[] expected, List<string> actual) =>
        Assert.True(expected.SequenceEqual(actual, StringComparer.Ordinal), "actual:\n" + string.Join("\n", actual.Select(a => $"        \"{a}\",")));

    [EsoCrdFact]
    public void Every_external_secret_field_and_value_of_eso_is_supported()
    {
        AssertExactly(PendingExternalSecret, UnsupportedExternalSecretPaths(CrdSchemaWalk.SpecSchema(EsoCrd("externalsecrets"))));
    }

    [EsoCrdFact]
    public void Every_field_of_a_cluster_external_secrets_external_secret_spec_is_supported()
    {
        var spec = CrdSchemaWalk.SpecSchema(EsoCrd("clusterexternalsecrets"))["properties"]!["externalSecretSpec"]!.AsObject();
        AssertExactly(PendingExternalSecret, UnsupportedExternalSecretPaths(spec));
    }

    [EsoCrdFact]
    public void Every_push_secret_field_and_value_of_eso_is_supported()
    {
        var unsupported = CrdSchemaWalk.Leaves(CrdSchemaWalk.SpecSchema(EsoCrd("pushsecrets"), "v1alpha1"))
            .Select(l => PushSecretFieldSupport.FirstUnsupported(PushSecretResource.Parse(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = l.Spec })) is { } bad
                ? l.Path + " -> " + bad : null)
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        AssertExactly(PendingPushSecret, unsupported);
    }

    [EsoCrdFact]
    public void The_charts_crds_accept_every_field_and_value_of_esos()
    {
        var missing = new List<string>();
        foreach (var (plural, version) in new[] { ("externalsecrets", "v1"), ("clusterexternalsecrets", "v1"), ("pushsecrets", "v1alpha1") })
        {
            var chart = CrdSchemaWalk.SpecSchema(ChartCrd(plural), version);
            missing.AddRange(CrdSchemaWalk.Leaves(CrdSchemaWalk.SpecSchema(EsoCrd(plural), version)).Where(l => !CrdSchemaWalk.Accepts(chart, l)).Select(l => $"{plural}: {l.Path}"));
        }
        AssertExactly(ChartMissing, [.. missing.Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>The chart's ExternalSecret fields the agent still reports as UnsupportedField (the ESO list's entries the chart declares).</summary>
    internal static readonly string[] PendingInChart = [];

    /// <summary>Runs in CI (no ESO CRDs there): every field and enum value the chart's ExternalSecret CRD declares, in both served versions, is implemented.</summary>
    [Theory]
    [InlineData("externalsecrets", "v1")]
    [InlineData("externalsecrets", "v1beta1")]
    public void Every_field_and_value_the_charts_external_secret_crd_declares_is_supported(string plural, string version)
    {
        var chartSpec = CrdSchemaWalk.SpecSchema(ChartCrd(plural), version);
        AssertExactly(PendingInChart, UnsupportedExternalSecretPaths(chartSpec));
    }

    [Fact]
    public void Every_field_and_value_of_the_charts_cluster_external_secret_spec_is_supported()
    {
        var spec = CrdSchemaWalk.SpecSchema(ChartCrd("clusterexternalsecrets"))["properties"]!["externalSecretSpec"]!.AsObject();
        AssertExactly(PendingInChart, UnsupportedExternalSecretPaths(spec));
    }
}
