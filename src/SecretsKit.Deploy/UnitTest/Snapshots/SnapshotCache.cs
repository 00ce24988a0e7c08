using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Go.Regexp;
using SecretsKit.Templates.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.UnitTest.Snapshots;

/// <summary>
/// A suite's <c>__snapshot__/&lt;suite file&gt;.snap</c> in helm-unittest's format: a map from test name to a map from
/// the snapshot's 1-based index to the snapshot text (go-yaml v3 of the value). A missing entry is written and passes;
/// with <see cref="IsUpdating"/> every entry is rewritten and passes. <see cref="StoreIfNeeded"/> writes the file when
/// something was added, updated or vanished.
/// </summary>
internal sealed class SnapshotCache(string filePath, bool isUpdating)
{
    private const string IndexKey = "snapshotindex";

    private readonly Dictionary<string, Dictionary<uint, string>> _cached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<uint, string>> _current = new(StringComparer.Ordinal);

    public string FilePath => filePath;

    public bool IsUpdating => isUpdating;

    public uint UpdatedCount { get; private set; }

    public uint InsertedCount { get; private set; }

    public uint CurrentCount { get; private set; }

    public uint FailedCount => isUpdating ? 0 : UpdatedCount;

    public uint VanishedCount => (uint)_cached.Sum(t => t.Value.Keys.Count(i => !_current.TryGetValue(t.Key, out var c) || !c.ContainsKey(i)));

    /// <summary>Reads the stored snapshots; a missing file is an empty cache.</summary>
    public static SnapshotCache Load(string filePath, bool isUpdating)
    {
        var cache = new SnapshotCache(filePath, isUpdating);
        if (!File.Exists(filePath)) return cache;
        var text = BoundedFile.ReadText(filePath, filePath);
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(text);
        }
        catch (YamlException e)
        {
            throw new SuiteException($"{filePath}: {e.Message}");
        }
        if (stream.Documents.Count > 0 && TemplateYaml.FromNode(stream.Documents[0].RootNode) is IReadOnlyDictionary<string, object?> tests)
        {
            foreach (var (test, entries) in tests)
            {
                if (entries is not IReadOnlyDictionary<string, object?> byIndex) continue;
                var map = new Dictionary<uint, string>();
                foreach (var (index, snapshot) in byIndex)
                {
                    if (uint.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)) map[i] = snapshot as string ?? ManifestValues.Format(snapshot);
                }
                cache._cached[test] = map;
            }
        }
        return cache;
    }

    public SnapshotComparison Compare(string test, uint index, object? content, string? matchRegex, string? notMatchRegex)
    {
        CurrentCount++;
        var existed = _cached.TryGetValue(test, out var byIndex) && byIndex.ContainsKey(index);
        var cached = existed ? byIndex![index] : "";
        if (!existed) InsertedCount++;
        var snapshot = ManifestValues.Yaml(content);
        var (match, message, error) = (true, "", (string?)null);
        try
        {
            if (!string.IsNullOrEmpty(matchRegex) && !GoRegex.Compile(matchRegex).IsMatch(snapshot))
                (match, message) = (false, $" pattern '{matchRegex}' not found in snapshot");
            if (match && !string.IsNullOrEmpty(notMatchRegex) && GoRegex.Compile(notMatchRegex).IsMatch(snapshot))
                (match, message) = (false, $" pattern '{notMatchRegex}' should not be in snapshot");
        }
        catch (Go.GoException e)
        {
            error = e.Message;
        }
        if (string.IsNullOrEmpty(matchRegex) && string.IsNullOrEmpty(notMatchRegex) && existed && snapshot != cached)
        {
            match = false;
            UpdatedCount++;
        }
        if (!_current.TryGetValue(test, out var current)) _current[test] = current = [];
        current[index] = isUpdating || !existed ? snapshot : cached;
        return new SnapshotComparison(isUpdating || match, index, cached, snapshot, message, error);
    }

    /// <summary>Writes the file when a snapshot was added, updated (with <c>-u</c>) or vanished; true when written.</summary>
    public bool StoreIfNeeded()
    {
        var changed = UpdatedCount > 0 || InsertedCount > 0 || VanishedCount > 0;
        if (!changed || !(isUpdating || InsertedCount > 0 || VanishedCount > 0)) return false;
        // go-yaml writes the uint index keys bare; the writer takes string keys, so they go in under a plain stand-in
        var document = _current.ToDictionary(t => t.Key,
            t => (object?)t.Value.ToDictionary(i => IndexKey + i.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), i => (object?)i.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
        var yaml = document.Count == 0 ? "{}\n" : TemplateYaml.Write(document, GoYamlDialect.V3);
        yaml = string.Join('\n', yaml.Split('\n').Select(l => l.StartsWith("  " + IndexKey, StringComparison.Ordinal) ? "  " + l[(2 + IndexKey.Length)..] : l));
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        File.WriteAllText(filePath, yaml);
        return true;
    }
}
