using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.Input;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// Writes the chart as one test renders it into a private directory: only the selected templates of the chart and its
/// unpacked subcharts (helpers always), <c>version</c>/<c>appVersion</c> overridden in <c>Chart.yaml</c> (and in the
/// direct dependencies' as helm-unittest does), and each <c>NOTES.txt</c> rendered into a document of its own (helm
/// template drops NOTES.txt) so raw assertions can read it. Symbolic links are not followed; the copy has budgets.
/// </summary>
internal sealed class ChartCopy
{
    private const int MaxFiles = 20_000;
    private const long MaxBytes = 256L << 20;

    private readonly string _selectionRoute;
    private readonly RenderRequest _request;
    private long _files;
    private long _bytes;

    private ChartCopy(string selectionRoute, RenderRequest request) => (_selectionRoute, _request) = (selectionRoute, request);

    /// <summary>The templates kept (<c>chart/templates/x.yaml</c>): helm-unittest knows each of them, even when it renders nothing.</summary>
    public List<string> Kept { get; } = [];

    /// <summary>Copies the chart named <paramref name="chartName"/>; templates are selected relative to <paramref name="selectionRoute"/> (the suite's chart route).</summary>
    public static List<string> Write(string source, string target, string chartName, string selectionRoute, RenderRequest request)
    {
        var copy = new ChartCopy(selectionRoute, request);
        copy.Chart(source, target, chartName, depth: 0);
        return copy.Kept;
    }

    private void Chart(string source, string target, string route, int depth) => Chart(source, target, [route], depth);

    /// <summary>Copies one chart; <paramref name="routes"/> are the names it renders under (its folder, and each alias a parent gives it).</summary>
    private void Chart(string source, string target, List<string> routes, int depth)
    {
        var route = routes[0];
        if (depth > 20) throw new SecretsKitException(ExitCodes.Generic, $"{source}: subcharts nested too deep");
        Directory.CreateDirectory(target);
        foreach (var entry in Entries(source))
        {
            var to = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo d)
            {
                if (entry.Name == "charts") Subcharts(d.FullName, to, route, Aliases(source), depth);
                else if (entry.Name == "templates") Templates(d.FullName, to, routes.Select(r => r + "/templates").ToList());
                else Tree(d.FullName, to);
            }
            else if (entry.Name == "Chart.yaml" && depth <= 1 && (_request.ChartVersion.Length > 0 || _request.AppVersion.Length > 0))
                File.WriteAllText(to, OverriddenChartYaml(entry.FullName));
            else CopyFile(entry.FullName, to);
        }
    }

    private void Subcharts(string source, string target, string route, Dictionary<string, List<string>> aliases, int depth)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Entries(source))
        {
            var to = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo d) Chart(d.FullName, to, Routes(route, entry.Name, aliases), depth + 1);
            else if (entry.Name.EndsWith(".tgz", StringComparison.Ordinal)) Packaged(entry.FullName, target, route, aliases, depth);
            else CopyFile(entry.FullName, to);
        }
    }

    private static List<string> Routes(string parent, string name, Dictionary<string, List<string>> aliases) =>
        [parent + "/charts/" + name, .. aliases.GetValueOrDefault(name, []).Select(a => parent + "/charts/" + a)];

    /// <summary>The aliases a chart's Chart.yaml gives its dependencies, by dependency name.</summary>
    private static Dictionary<string, List<string>> Aliases(string chart)
    {
        var file = Path.Combine(chart, "Chart.yaml");
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!File.Exists(file) || TemplateYaml.Read(BoundedFile.ReadText(file, file)) is not IReadOnlyDictionary<string, object?> meta
            || meta.GetValueOrDefault("dependencies") is not IReadOnlyList<object?> deps) return found;
        foreach (var dep in deps.OfType<IReadOnlyDictionary<string, object?>>())
        {
            if (dep.GetValueOrDefault("name") is not string name || dep.GetValueOrDefault("alias") is not string { Length: > 0 } alias) continue;
            if (!found.TryGetValue(name, out var list)) found[name] = list = [];
            list.Add(alias);
        }
        return found;
    }

    private void Templates(string source, string target, List<string> prefixes)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Entries(source))
        {
            var paths = prefixes.Select(p => p + "/" + entry.Name).ToList();
            var to = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo d) { Templates(d.FullName, to, paths); continue; }
            var kept = paths.Where(p => TemplateSelection.Keep(p, _selectionRoute, _request.Templates, _request.Excluded)).ToList();
            if (kept.Count == 0) continue;
            if (!entry.Name.StartsWith('_')) Kept.AddRange(kept);
            if (entry.Name.EndsWith(".txt", StringComparison.Ordinal) || _request.Wrapped.Contains(kept[0])) { Text(entry.FullName, target, kept[0]); continue; }
            CopyTemplate(entry.FullName, to);
        }
    }

    /// <summary>A packaged subchart, unpacked (<see cref="ChartArchive"/>: helm's loader rules and budgets) and then copied like an unpacked one, under its Chart.yaml name.</summary>
    private void Packaged(string archive, string charts, string route, Dictionary<string, List<string>> aliases, int depth)
    {
        var unpacked = Path.Combine(charts, ".unpacked-" + Path.GetFileNameWithoutExtension(archive));
        ChartArchive.Extract(archive, unpacked, archive);
        var name = ChartName.Read(unpacked);
        Chart(unpacked, Path.Combine(charts, name), Routes(route, name, aliases), depth + 1);
        Directory.Delete(unpacked, recursive: true);
    }

    /// <summary>
    /// A text template (NOTES.txt, *.txt), or a <see cref="RenderRequest.Wrapped"/> one, as a document of its own
    /// (<see cref="TextStandIn"/>): helm template drops NOTES.txt and cannot read other text as YAML, and a server dry-run
    /// refuses a document that is no Kubernetes object, so the stand-in is shaped as a ConfigMap.
    /// </summary>
    private void Text(string source, string templates, string path)
    {
        var text = BoundedFile.ReadText(source, source);
        Count(text.Length * 2L);
        if (ReleaseRevision.Names(text)) text = ReleaseRevision.Rewrite(text, _request.Revision);
        TextStandIn.Write(text, templates, (Kept.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), path); // this template is the last kept
    }

    private string OverriddenChartYaml(string file)
    {
        var meta = TemplateYaml.Read(BoundedFile.ReadText(file, file)) as IReadOnlyDictionary<string, object?>
            ?? throw new SecretsKitException(ExitCodes.Generic, $"{file}: Chart.yaml is not a mapping");
        var copy = meta.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (_request.ChartVersion.Length > 0) copy["version"] = _request.ChartVersion;
        // helm matches an aliased dependency by its version range: the overridden subchart versions must still match
        if (_request.ChartVersion.Length > 0 && copy.GetValueOrDefault("dependencies") is IReadOnlyList<object?> deps)
            copy["dependencies"] = deps.Select(d => d is IReadOnlyDictionary<string, object?> m
                ? (object?)new Dictionary<string, object?>(m, StringComparer.Ordinal) { ["version"] = _request.ChartVersion } : d).ToList();
        if (_request.AppVersion.Length > 0) copy["appVersion"] = _request.AppVersion;
        return TemplateYaml.Write(copy, GoYamlDialect.V3);
    }

    private void Tree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Entries(source))
        {
            var to = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo d) Tree(d.FullName, to);
            else CopyFile(entry.FullName, to);
        }
    }

    private static IEnumerable<FileSystemInfo> Entries(string directory) =>
        new DirectoryInfo(directory).EnumerateFileSystemInfos().Where(e => e.LinkTarget is null).OrderBy(e => e.Name, StringComparer.Ordinal);

    /// <summary>A template, with the test's <see cref="ReleaseRevision"/> written in where it names <c>.Release.Revision</c>.</summary>
    private void CopyTemplate(string source, string target)
    {
        var text = BoundedFile.ReadText(source, source);
        if (!ReleaseRevision.Names(text))
        {
            CopyFile(source, target);
            return;
        }
        Count(text.Length * 2L);
        File.WriteAllText(target, ReleaseRevision.Rewrite(text, _request.Revision), new System.Text.UTF8Encoding(false));
    }

    private void CopyFile(string source, string target)
    {
        Count(new FileInfo(source).Length);
        File.Copy(source, target, overwrite: true);
    }

    private void Count(long bytes)
    {
        _files++;
        _bytes += bytes;
        if (_files > MaxFiles || _bytes > MaxBytes)
            throw new SecretsKitException(ExitCodes.Generic, $"the chart is over the copy budget ({MaxFiles} files, {MaxBytes >> 20} MiB)");
    }
}
