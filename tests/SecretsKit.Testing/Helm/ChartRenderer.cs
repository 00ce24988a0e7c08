namespace SecretsKit.Testing.Helm;

/// <summary>The release a chart is rendered for (<c>.Release</c>).</summary>
public sealed record ChartRendererRelease(string Name, string Namespace, bool IsInstall = true, long Revision = 1);

/// <summary>
/// Renders a Helm chart's templates without helm: the Go text/template + sprig subset implemented in
/// <see cref="ChartRendererFunctions"/>, with Helm's top-level objects (<c>.Values .Release .Chart .Capabilities
/// .Template</c>). Values and Chart.yaml come in already parsed (maps, lists, strings, bools, and numbers as double,
/// which is what helm's JSON round trip makes of them). Unknown functions, keywords or struct fields are errors.
/// </summary>
public sealed class ChartRenderer
{
    private static readonly string[] ChartFields =
        ["name", "version", "appVersion", "description", "apiVersion", "type", "kubeVersion", "home", "icon", "keywords", "sources",
            "maintainers", "deprecated", "annotations", "dependencies", "condition", "tags"];

    private readonly Dictionary<string, IReadOnlyList<TemplateNode>> _defines = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, IReadOnlyList<TemplateNode>> _files = new(StringComparer.Ordinal);
    private readonly string _chartName;

    private ChartRenderer(string chartName) => _chartName = chartName;

    /// <summary>Parses every file under <c>templates/</c> (recursively); partials (<c>_*</c>) contribute only their defines.</summary>
    public static ChartRenderer Load(string chartDirectory)
    {
        var renderer = new ChartRenderer(Path.GetFileName(Path.TrimEndingDirectorySeparator(chartDirectory)));
        var templates = Path.Combine(chartDirectory, "templates");
        foreach (var path in Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(chartDirectory, path).Replace('\\', '/');
            var nodes = ChartRendererParser.Parse(File.ReadAllText(path), relative, renderer._defines, ChartRendererFunctions.IsDefined);
            if (!Path.GetFileName(path).StartsWith('_')) renderer._files[relative] = nodes;
        }
        return renderer;
    }

    /// <summary>The names of every <c>define</c> in the chart.</summary>
    public IReadOnlyCollection<string> Defines => _defines.Keys;

    /// <summary>Renders each non-partial template; returns file (relative to the chart) → output, skipping empty output like helm.</summary>
    public IReadOnlyDictionary<string, string> Render(IDictionary<string, object?> values, IDictionary<string, object?> chartYaml, ChartRendererRelease release,
        string kubeVersion = "v1.32.0")
    {
        var chart = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in ChartFields)
        {
            var goName = field == "apiVersion" ? "APIVersion" : char.ToUpperInvariant(field[0]) + field[1..];
            chart[goName] = chartYaml.TryGetValue(field, out var v) ? v : field is "deprecated" ? false : null;
        }
        var versionParts = kubeVersion.TrimStart('v').Split('.');
        var top = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Values"] = values,
            ["Release"] = new ChartRendererStruct("release.Release", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Name"] = release.Name,
                ["Namespace"] = release.Namespace,
                ["Service"] = "Helm",
                ["IsInstall"] = release.IsInstall,
                ["IsUpgrade"] = !release.IsInstall,
                ["Revision"] = release.Revision,
            }),
            ["Chart"] = new ChartRendererStruct("chart.Metadata", chart),
            ["Capabilities"] = new ChartRendererStruct("chartutil.Capabilities", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["KubeVersion"] = new ChartRendererStruct("chartutil.KubeVersion", new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["Version"] = kubeVersion,
                    ["Major"] = versionParts[0],
                    ["Minor"] = versionParts.Length > 1 ? versionParts[1] : "0",
                }),
            }),
        };
        var output = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, nodes) in _files)
        {
            top["Template"] = new ChartRendererStruct("chartutil.Template", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Name"] = $"{_chartName}/{file}",
                ["BasePath"] = $"{_chartName}/templates",
            });
            var text = new ChartRendererEvaluator(_defines, file).Execute(nodes, top);
            if (!string.IsNullOrWhiteSpace(text)) output[file] = text;
        }
        return output;
    }

    /// <summary>Splits rendered files into YAML documents (on <c>---</c> lines), dropping empty ones, in file order.</summary>
    public static IReadOnlyList<(string File, string Yaml)> SplitDocuments(IReadOnlyDictionary<string, string> rendered)
    {
        var docs = new List<(string, string)>();
        foreach (var (file, text) in rendered)
        {
            var current = new System.Text.StringBuilder();
            foreach (var line in text.Split('\n'))
            {
                if (line.TrimEnd() == "---")
                {
                    Flush();
                    continue;
                }
                current.Append(line).Append('\n');
            }
            Flush();

            void Flush()
            {
                var doc = current.ToString();
                if (doc.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))) docs.Add((file, doc));
                current.Clear();
            }
        }
        return docs;
    }
}
