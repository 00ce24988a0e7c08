using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>The agent chart in this repository rendered with <see cref="ChartRenderer"/>, as parsed manifests.</summary>
internal sealed class AgentChart
{
    public const string ReleaseName = "sk";
    public const string ReleaseNamespace = "secretskit-system";

    public static string Directory => Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent");

    private AgentChart(IReadOnlyDictionary<string, string> files, IReadOnlyList<(string File, string Yaml, JsonObject Object)> documents)
    {
        Files = files;
        Documents = documents;
    }

    /// <summary>Rendered text per template file.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public IReadOnlyList<(string File, string Yaml, JsonObject Object)> Documents { get; }

    public IEnumerable<JsonObject> Objects => Documents.Select(d => d.Object);

    public static Dictionary<string, object?> DefaultValues() => YamlValues.LoadMap(Path.Combine(Directory, "values.yaml"));

    /// <summary>Renders with values.yaml plus <c>--set</c>-style overrides.</summary>
    public static AgentChart Render(params (string Path, object? Value)[] overrides)
    {
        var values = DefaultValues();
        foreach (var (path, value) in overrides) YamlValues.Set(values, path, value);
        var chartYaml = YamlValues.LoadMap(Path.Combine(Directory, "Chart.yaml"));
        var files = ChartRenderer.Load(Directory).Render(values, chartYaml, new ChartRendererRelease(ReleaseName, ReleaseNamespace));
        var docs = ChartRenderer.SplitDocuments(files)
            .Select(d => (d.File, d.Yaml, Parse(d.File, d.Yaml)))
            .ToList();
        return new AgentChart(files, docs);
    }

    private static JsonObject Parse(string file, string yaml)
    {
        var all = YamlValues.LoadAll(yaml);
        Assert.True(all.Count == 1, $"{file}: expected one YAML document, got {all.Count}");
        return YamlValues.ToJson(all[0]) as JsonObject ?? throw new Xunit.Sdk.XunitException($"{file}: document is not a mapping:\n{yaml}");
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o["kind"]?.GetValue<string>() == kind);

    public JsonObject Single(string kind) => Assert.Single(OfKind(kind));
}
