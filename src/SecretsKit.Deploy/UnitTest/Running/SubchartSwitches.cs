using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Templates.Yaml;
using YamlDotNet.Core;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// Whether an unpacked subchart is enabled, as helm decides it from its parent's <c>dependencies:</c> entry: the first
/// of the entry's comma-separated <c>condition</c> paths that holds a boolean (read below the parent's place in the
/// values, over the subcharts' own defaults); when none does, its <c>tags</c> against the top-level <c>tags:</c> map
/// (enabled when one is true, disabled when none is true and one is false); otherwise enabled. The values are what the
/// subchart's own suites render with, but for their suite's <c>values</c> and <c>set</c>: the chart's <c>values.yaml</c>
/// under the run's <c>-v</c> files, which go below the subchart's place as they do for its suites. A subchart no entry
/// names is enabled; one that several entries name (aliases) is enabled when one of them is.
/// </summary>
internal sealed class SubchartSwitches(IReadOnlyDictionary<string, object?> chartValues, IReadOnlyList<IReadOnlyDictionary<string, object?>> runValues)
{
    /// <summary>Deepest condition path followed (segments).</summary>
    private const int MaxSegments = 64;

    /// <summary>No condition and no tag decides anything: every subchart is enabled.</summary>
    public static SubchartSwitches AllEnabled { get; } = new(new Dictionary<string, object?>(), []);

    /// <summary>The switches of the chart in <paramref name="chartDirectory"/> (its values.yaml; missing: none) with the run's values files.</summary>
    public static SubchartSwitches Of(string chartDirectory, IReadOnlyList<IReadOnlyDictionary<string, object?>> runValues) => new(ReadValues(chartDirectory), runValues);

    /// <summary>The chart's values with the run's files merged over them below <paramref name="path"/>, last wins.</summary>
    private Dictionary<string, object?> Values(IReadOnlyList<string> path)
    {
        var merged = (Dictionary<string, object?>)ManifestValues.DeepCopy(chartValues)!;
        foreach (var file in runValues)
        {
            object? scoped = ManifestValues.DeepCopy(file);
            for (var i = path.Count - 1; i >= 0; i--) scoped = new Dictionary<string, object?>(StringComparer.Ordinal) { [path[i]] = scoped };
            merged = ManifestValues.MergeTables((Dictionary<string, object?>)scoped!, merged);
        }
        return merged;
    }

    /// <summary>
    /// Whether the subchart in <paramref name="subDirectory"/> of the chart in <paramref name="parentDirectory"/> is
    /// enabled; <paramref name="parentPath"/> is where the parent's values sit (dependency names or aliases from the root).
    /// </summary>
    public bool IsEnabled(string parentDirectory, string subDirectory, IReadOnlyList<string> parentPath, out string key)
    {
        key = SubchartName(subDirectory) ?? Path.GetFileName(subDirectory);
        var entries = Dependencies(parentDirectory).Where(d => d.GetValueOrDefault("name") as string == SubchartName(subDirectory)).ToList();
        if (entries.Count == 0) return true;
        foreach (var entry in entries)
        {
            var name = entry.GetValueOrDefault("alias") as string is { Length: > 0 } alias ? alias : (string)entry["name"]!;
            if (Enabled(entry, parentDirectory, parentPath, Values([.. parentPath, name]))) { key = name; return true; }
        }
        return false;
    }

    private static bool Enabled(IReadOnlyDictionary<string, object?> entry, string parentDirectory, IReadOnlyList<string> parentPath, Dictionary<string, object?> values)
    {
        if (entry.GetValueOrDefault("condition") is string condition)
        {
            foreach (var path in condition.Split(',').Select(c => c.Trim()).Where(c => c.Length > 0))
            {
                var segments = path.Split('.');
                if (segments.Length > MaxSegments) continue;
                var found = Find(values, [.. parentPath, .. segments]) ?? Default(parentDirectory, segments, 0);
                if (found is bool b) return b;
            }
        }
        var tags = (entry.GetValueOrDefault("tags") as IReadOnlyList<object?> ?? []).OfType<string>().ToList();
        if (tags.Count == 0 || values.GetValueOrDefault("tags") is not IReadOnlyDictionary<string, object?> table) return true;
        var set = tags.Select(t => table.GetValueOrDefault(t)).OfType<bool>().ToList();
        return set.Count == 0 || set.Contains(true);
    }

    /// <summary>The value at <paramref name="segments"/> in a chart's own defaults, descending into the subchart a first segment names.</summary>
    private static object? Default(string chartDirectory, string[] segments, int depth)
    {
        if (depth > MaxSegments || segments.Length == 0) return null;
        if (Find(ReadValues(chartDirectory), segments) is { } found) return found;
        var charts = Path.Combine(chartDirectory, "charts");
        if (segments.Length < 2 || !Directory.Exists(charts)) return null;
        var entry = Dependencies(chartDirectory).FirstOrDefault(d => (d.GetValueOrDefault("alias") as string is { Length: > 0 } a ? a : d.GetValueOrDefault("name") as string) == segments[0]);
        if (entry?.GetValueOrDefault("name") is not string name) return null;
        var sub = Directory.GetDirectories(charts).Order(StringComparer.Ordinal).FirstOrDefault(d => SubchartName(d) == name);
        return sub is null ? null : Default(sub, segments[1..], depth + 1);
    }

    private static object? Find(IReadOnlyDictionary<string, object?> table, IReadOnlyList<string> segments)
    {
        object? current = table;
        foreach (var segment in segments)
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(segment, out current)) return null;
        }
        return current;
    }

    private static List<IReadOnlyDictionary<string, object?>> Dependencies(string chartDirectory) =>
        (Read(Path.Combine(chartDirectory, "Chart.yaml"))?.GetValueOrDefault("dependencies") as IReadOnlyList<object?> ?? [])
        .OfType<IReadOnlyDictionary<string, object?>>().Where(d => d.GetValueOrDefault("name") is string { Length: > 0 }).ToList();

    private static string? SubchartName(string directory) => Read(Path.Combine(directory, "Chart.yaml"))?.GetValueOrDefault("name") as string;

    private static Dictionary<string, object?> ReadValues(string chartDirectory) =>
        Read(Path.Combine(chartDirectory, "values.yaml")) is { } read ? (Dictionary<string, object?>)ManifestValues.DeepCopy(read)! : new(StringComparer.Ordinal);

    /// <summary>A YAML map file (bounded); missing or unreadable: null (helm's own render reports a broken chart).</summary>
    private static IReadOnlyDictionary<string, object?>? Read(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            var stream = BoundedYaml.Load(BoundedFile.ReadText(file, file));
            return stream.Documents.Count == 0 ? null : TemplateYaml.FromNode(stream.Documents[0].RootNode) as IReadOnlyDictionary<string, object?>;
        }
        catch (Exception e) when (e is YamlException or SecretsKitException or IOException)
        {
            return null;
        }
    }
}
