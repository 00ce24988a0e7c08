using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests;

/// <summary>The agent chart in this repository rendered by the real helm, as parsed manifests.</summary>
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

    /// <summary>
    /// Renders with the real <c>helm template</c> (helm 3.10.1, see <see cref="RealHelm"/>): values.yaml plus
    /// <c>--set</c>-style overrides, given to helm as one values file. A failing render throws with helm's stderr.
    /// </summary>
    public static AgentChart Render(params (string Path, object? Value)[] overrides)
    {
        var values = DefaultValues();
        foreach (var (path, value) in overrides) YamlValues.Set(values, path, value);
        using var helm = new RealHelm();
        var valuesFile = Path.Combine(helm.Home, "values.json");
        File.WriteAllText(valuesFile, YamlValues.ToJson(values)!.ToJsonString());
        var result = helm.RunAsync(["template", ReleaseName, Directory, "-n", ReleaseNamespace, "-f", valuesFile]).GetAwaiter().GetResult();
        if (result.ExitCode != 0) throw new InvalidOperationException($"helm template failed ({result.ExitCode}): {result.Stderr}");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var docs = new List<(string File, string Yaml, JsonObject Object)>();
        foreach (var chunk in result.StdoutText.Split("---\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = chunk.Split('\n');
            if (!lines[0].StartsWith("# Source: ", StringComparison.Ordinal)) continue;
            var file = lines[0]["# Source: ".Length..];
            file = file[(file.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var yaml = string.Join('\n', lines.Skip(1));
            files[file] = files.TryGetValue(file, out var earlier) ? earlier + "---\n" + yaml : yaml;
            docs.Add((file, yaml, Parse(file, yaml)));
        }
        return new AgentChart(files, docs);
    }

    private static JsonObject Parse(string file, string yaml)
    {
        var all = YamlValues.LoadAll(yaml);
        Assert.True(all.Count == 1, $"{file}: expected one YAML document, got {all.Count}");
        return YamlValues.ToJson(all[0]) as JsonObject ?? throw new Xunit.Sdk.XunitException($"{file}: document is not a mapping:\n{yaml}");
    }

    private static readonly Lazy<IReadOnlyList<JsonObject>> RenderedCrds = new(() => [.. Render(("crds.install", true)).OfKind("CustomResourceDefinition")]);

    /// <summary>The chart's CustomResourceDefinitions (rendered once per test run), for the fake API server to serve.</summary>
    public static IReadOnlyList<JsonObject> Crds => RenderedCrds.Value;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o["kind"]?.GetValue<string>() == kind);

    public JsonObject Single(string kind) => Assert.Single(OfKind(kind));
}
