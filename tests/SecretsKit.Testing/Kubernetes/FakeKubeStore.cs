using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// The fake's etcd: objects per type, one global monotonically increasing resourceVersion, a bounded history of
/// changes for watches (older resourceVersions answer 410 Gone) and the open watchers. Everything runs under one lock.
/// </summary>
internal sealed partial class FakeKubeStore(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<FakeResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly List<FakeKubeChange> _history = [];
    private readonly List<FakeKubeWatcher> _watchers = [];
    private readonly Dictionary<string, string> _pendingPropagation = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FakeCrdSchema> _schemas = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _unknownFields = new();
    [ThreadStatic] private static List<string>? t_warnings;
    [ThreadStatic] private static string? t_fieldValidation;
    private readonly AsyncLocal<bool> _withoutSchema = new();
    private long _resourceVersion = 1;
    private long _compactedThrough;

    /// <summary>How many changes stay in the watch history; a watch from an older resourceVersion gets 410 Gone.</summary>
    public int HistoryLimit { get; set; } = 10_000;

    /// <summary>Creating an object in a namespace that does not exist is refused (404), as the API server's admission does.</summary>
    public bool RequireNamespaces { get; set; }

    public long CurrentResourceVersion { get { lock (_gate) return _resourceVersion; } }

    public void Register(FakeResourceType type)
    {
        lock (_gate) _objects.TryAdd(type, new SortedDictionary<string, JsonObject>(StringComparer.Ordinal));
    }

    /// <summary>Applies <paramref name="schema"/> to every write of <paramref name="type"/> (see <see cref="FakeCrdSchema"/>).</summary>
    public void UseSchema(FakeResourceType type, FakeCrdSchema schema) => _schemas[type.Key] = schema;

    /// <summary>Every field pruned so far, as <c>Kind ns/name: path</c>.</summary>
    public IReadOnlyList<string> UnknownFields => [.. _unknownFields];

    /// <summary>
    /// Runs one write on this thread with the request's <c>fieldValidation</c> (Warn when empty) and returns the
    /// warnings it produced, for the response's Warning headers.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Called on the store the fake server writes through.")]
    public (T Result, IReadOnlyList<string> Warnings) WithFieldValidation<T>(string? fieldValidation, Func<T> write)
    {
        var warnings = new List<string>();
        (t_warnings, t_fieldValidation) = (warnings, string.IsNullOrEmpty(fieldValidation) ? "Warn" : fieldValidation);
        try
        {
            return (write(), warnings);
        }
        finally
        {
            (t_warnings, t_fieldValidation) = (null, null);
        }
    }

    /// <summary>Drops the whole history, so every watch or continue token from before now answers 410.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private SortedDictionary<string, JsonObject> Bucket(FakeResourceType type) =>
        _objects.TryGetValue(type, out var b) ? b : throw FakeKubeStatus.NotFound(type, type.Plural);

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string NextResourceVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    public JsonObject Get(FakeResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Bucket(type).TryGetValue(Key(ns, name), out var o) ? (JsonObject)o.DeepClone() : throw FakeKubeStatus.NotFound(type, name);
        }
    }

    /// <summary>Every stored object of a type (any namespace), for assertions.</summary>
    public IReadOnlyList<JsonObject> All(FakeResourceType type)
    {
        lock (_gate) return Bucket(type).Values.Select(o => (JsonObject)o.DeepClone()).ToList();
    }

    public JsonObject List(FakeResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int limit, string? continueToken)
    {
        lock (_gate)
        {
            var rv = _resourceVersion;
            string? after = null;
            if (!string.IsNullOrEmpty(continueToken))
            {
                (rv, after) = DecodeContinue(continueToken);
                if (rv < _compactedThrough)
                {
                    throw FakeKubeStatus.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
                }
            }
            var matching = Bucket(type)
                .Where(kv => after is null || string.CompareOrdinal(kv.Key, after) > 0)
                .Where(kv => ns is null || kv.Value["metadata"]?["namespace"]?.GetValue<string>() == ns)
                .Where(kv => labels.Matches(kv.Value) && fields.Matches(kv.Value))
                .ToList();
            var page = limit > 0 ? matching.Take(limit).ToList() : matching;
            var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
            if (page.Count < matching.Count)
            {
                metadata["continue"] = EncodeContinue(rv, page[^1].Key);
                metadata["remainingItemCount"] = matching.Count - page.Count;
            }
            var items = new JsonArray();
            foreach (var kv in page) items.Add(kv.Value.DeepClone());
            return new JsonObject
            {
                ["kind"] = type.Kind + "List",
                ["apiVersion"] = type.GroupVersion,
                ["metadata"] = metadata,
                ["items"] = items,
            };
        }
    }

    private static string EncodeContinue(long rv, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rv}|{lastKey}"));

    private static (long, string) DecodeContinue(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text[..bar], CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            throw FakeKubeStatus.BadRequest("continue key is not valid");
        }
    }

    /// <summary>
    /// Registers a watcher starting where <paramref name="start"/> says: history after a resourceVersion replayed, or the
    /// current objects as ADDED (then, for a streaming list, the BOOKMARK ending them), or nothing before live changes.
    /// </summary>
    public FakeKubeWatcher Watch(FakeResourceType type, string? ns, LabelSelector labels, FieldSelector fields, FakeWatchStart start, bool bookmarks)
    {
        lock (_gate)
        {
            var watcher = new FakeKubeWatcher(type, ns, labels, fields, bookmarks);
            if (start.After is { } fromVersion)
            {
                if (fromVersion < _compactedThrough)
                {
                    throw FakeKubeStatus.Gone($"too old resource version: {fromVersion} ({_compactedThrough})");
                }
                foreach (var c in _history.Where(c => c.ResourceVersion > fromVersion)) watcher.Offer(c);
            }
            else if (start.InitialEvents)
            {
                foreach (var o in Bucket(type).Values) watcher.Offer(new FakeKubeChange(0, type, "ADDED", null, o));
                if (start.InitialEventsEnd) watcher.Bookmark(_resourceVersion, initialEventsEnd: true);
            }
            _watchers.Add(watcher);
            return watcher;
        }
    }

    public void Unwatch(FakeKubeWatcher watcher)
    {
        lock (_gate) _watchers.Remove(watcher);
        watcher.Events.Writer.TryComplete();
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to every watcher that asked for bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var w in _watchers.Where(w => w.WantsBookmarks)) w.Bookmark(_resourceVersion);
        }
    }

    public void SendBookmark(FakeKubeWatcher watcher)
    {
        lock (_gate) watcher.Bookmark(_resourceVersion);
    }

    private void Record(FakeKubeChange change)
    {
        _history.Add(change);
        while (_history.Count > HistoryLimit)
        {
            _compactedThrough = _history[0].ResourceVersion;
            _history.RemoveAt(0);
        }
        foreach (var w in _watchers) w.Offer(change);
    }
}
