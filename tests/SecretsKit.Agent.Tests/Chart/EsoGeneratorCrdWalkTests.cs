using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// ESO v2.9.0's generator CRDs (<c>generators.external-secrets.io</c>, fetched with the others by scripts/fetch-eso-crds.sh):
/// every generator kind of ESO is run by the agent or listed as pending, and for every kind the agent runs, every field
/// and enum value of ESO's CRD (and of its ClusterGenerator <c>spec.generator.&lt;kind&gt;Spec</c>) is accepted by the
/// chart's CRD. Plus, in CI: the chart declares a CRD and a ClusterGenerator entry for exactly the kinds the agent runs.
/// </summary>
public sealed class EsoGeneratorCrdWalkTests
{
    /// <summary>ESO v2.9.0 generator kinds the agent does not run yet (a generatorRef to one is UnsupportedField). Empty when #50 is done.</summary>
    internal static readonly string[] PendingKinds = [];

    /// <summary>Fields of ESO's CRDs of kinds the agent runs that the chart's CRDs do not declare (the API server would prune them).</summary>
    internal static readonly string[] ChartMissing = [];

    private const string Group = "generators.external-secrets.io";

    private sealed class EsoGeneratorCrdFactAttribute : FactAttribute
    {
        public EsoGeneratorCrdFactAttribute()
        {
            if (!File.Exists(EsoFile("clustergenerators")))
            {
                Skip = "ESO's generator CRDs are not fetched: run scripts/fetch-eso-crds.sh (developer-run; CI reaches no source of them)";
            }
        }
    }

    private static string EsoFile(string plural) => Path.Combine(EsoCrdSchemaWalkTests.Folder, $"{Group}_{plural}.yaml");

    private static JsonObject EsoCrd(string plural) => (JsonObject)YamlValues.ToJson(YamlValues.LoadAll(File.ReadAllText(EsoFile(plural))).Single())!;

    private static JsonObject? ChartCrd(string plural) => AgentChart.Crds.SingleOrDefault(c => c["metadata"]!["name"]!.GetValue<string>() == $"{plural}.{Group}");

    private static HashSet<string> Registered => [.. GeneratorRegistry.All.Select(g => g.Type.Kind)];

    [EsoGeneratorCrdFact]
    public void Every_generator_kind_of_eso_is_run_by_the_agent_or_listed_as_pending()
    {
        var esoKinds = Directory.GetFiles(EsoCrdSchemaWalkTests.Folder, $"{Group}_*.yaml")
            .Select(f => YamlValues.ToJson(YamlValues.LoadAll(File.ReadAllText(f)).Single())!["spec"]!["names"]!["kind"]!.GetValue<string>())
            .Where(k => k is not ("ClusterGenerator" or "GeneratorState"))
            .ToList();
        Assert.Equal(PendingKinds, esoKinds.Where(k => !Registered.Contains(k)).Order(StringComparer.Ordinal));
        Assert.All(Registered, k => Assert.Contains(k, esoKinds));
    }

    [EsoGeneratorCrdFact]
    public void The_charts_generator_crds_accept_every_field_and_value_of_esos_for_every_kind_the_agent_runs()
    {
        var missing = new List<string>();
        foreach (var generator in GeneratorRegistry.All)
        {
            var plural = generator.Type.Plural;
            var chart = ChartCrd(plural) ?? throw new InvalidOperationException($"the chart has no CRD {plural}.{Group}");
            var chartSpec = CrdSchemaWalk.SpecSchema(chart, "v1alpha1");
            missing.AddRange(CrdSchemaWalk.Leaves(CrdSchemaWalk.SpecSchema(EsoCrd(plural), "v1alpha1"))
                .Where(l => !CrdSchemaWalk.Accepts(chartSpec, l)).Select(l => $"{plural}: {l.Path}"));
        }
        var clusterKeys = GeneratorRegistry.All.Select(g => g.ClusterSpecKey).ToHashSet(StringComparer.Ordinal);
        var chartCluster = CrdSchemaWalk.SpecSchema(ChartCrd("clustergenerators")!, "v1alpha1");
        missing.AddRange(CrdSchemaWalk.Leaves(CrdSchemaWalk.SpecSchema(EsoCrd("clustergenerators"), "v1alpha1"))
            .Where(l => l.Steps[0] == "generator" ? clusterKeys.Contains(l.Steps[1]) : l.EnumValue is null || Registered.Contains(l.EnumValue))
            .Where(l => !CrdSchemaWalk.Accepts(chartCluster, l)).Select(l => $"clustergenerators: {l.Path}"));
        Assert.Equal(ChartMissing, missing.Distinct().Order(StringComparer.Ordinal));
    }

    [EsoGeneratorCrdFact]
    public void The_charts_generator_state_crd_accepts_every_field_of_esos()
    {
        var chart = CrdSchemaWalk.SpecSchema(ChartCrd("generatorstates") ?? throw new InvalidOperationException("the chart has no GeneratorState CRD"), "v1alpha1");
        var missing = CrdSchemaWalk.Leaves(CrdSchemaWalk.SpecSchema(EsoCrd("generatorstates"), "v1alpha1"))
            .Where(l => !CrdSchemaWalk.Accepts(chart, l)).Select(l => l.Path);
        Assert.Empty(missing);
    }

    /// <summary>
    /// Runs in CI: the chart's generator CRDs (besides ClusterGenerator and GeneratorState) are exactly the kinds the agent
    /// runs, and ClusterGenerator's kind enum and spec keys are exactly those kinds. RBAC: <see cref="ChartRbacTests"/>.
    /// </summary>
    [Fact]
    public void The_chart_declares_a_crd_and_a_cluster_generator_entry_for_exactly_the_kinds_the_agent_runs()
    {
        Assert.Empty(GeneratorRegistry.All.Where(g => ChartCrd(g.Type.Plural) is null).Select(g => g.Type.Kind));
        var chartGenerators = AgentChart.Crds.Select(c => c["metadata"]!["name"]!.GetValue<string>())
            .Where(n => n.EndsWith("." + Group, StringComparison.Ordinal)).Select(n => n[..^(Group.Length + 1)])
            .Where(p => p is not ("clustergenerators" or "generatorstates"));
        Assert.Equal(GeneratorRegistry.All.Select(g => g.Type.Plural).Order(StringComparer.Ordinal), chartGenerators.Order(StringComparer.Ordinal));
        var spec = CrdSchemaWalk.SpecSchema(ChartCrd("clustergenerators")!, "v1alpha1");
        var kinds = spec["properties"]!["kind"]!["enum"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(Registered.Order(StringComparer.Ordinal), kinds.Order(StringComparer.Ordinal));
        var keys = spec["properties"]!["generator"]!["properties"]!.AsObject().Select(kv => kv.Key);
        Assert.Equal(GeneratorRegistry.All.Select(g => g.ClusterSpecKey).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }
}
