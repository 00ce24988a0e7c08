using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Metrics;

/// <summary>
/// ESO's per-object series of the kinds besides ExternalSecret's own (<see cref="ExternalSecretSeries"/>):
/// <c>PREFIX_status_condition{name,namespace,condition,status}</c> (1 for the Ready condition's status, 0 for the other)
/// for <c>secretstore</c>, <c>clustersecretstore</c>, <c>pushsecret</c> and <c>clusterexternalsecret</c>, read from
/// the objects the watches see, and <c>PREFIX_reconcile_duration{name,namespace}</c> (the last reconcile's duration in
/// nanoseconds, as ESO sets a <c>time.Duration</c>) for those and <c>externalsecret</c>. An object's series go when its
/// watch sees it deleted (an ExternalSecret's also when its state entry goes, see <see cref="Write"/>).
/// </summary>
internal sealed class ResourceMetrics
{
    private static readonly string[] Prefixes = ["clusterexternalsecret", "clustersecretstore", "externalsecret", "pushsecret", "secretstore"];

    private readonly ConcurrentDictionary<(string Prefix, string Namespace, string Name), int> _ready = new();
    /// <summary>Each object's last reconcile duration (ns) and when it was recorded (<see cref="_recorded"/>'s count then).</summary>
    private readonly ConcurrentDictionary<(string Prefix, string Namespace, string Name), (double Nanoseconds, long Stamp)> _duration = new();

    /// <summary>Durations recorded so far: a scrape's <see cref="Mark"/> tells the ones recorded before it began.</summary>
    private long _recorded;

    /// <summary>The ESO metric prefix of a watched kind, or null.</summary>
    public static string? PrefixOf(ResourceType type) => type.Kind switch
    {
        "SecretStore" => "secretstore",
        "ClusterSecretStore" => "clustersecretstore",
        "PushSecret" => "pushsecret",
        "ClusterExternalSecret" => "clusterexternalsecret",
        "ExternalSecret" => "externalsecret",
        _ => null,
    };

    /// <summary>The ESO metric prefix of a work-queue kind (<c>Store</c> keys are namespaced SecretStores or ClusterSecretStores).</summary>
    public static string? PrefixOf(string queueKind, string? ns) => queueKind switch
    {
        "Store" => ns is null ? "clustersecretstore" : "secretstore",
        "PushSecret" => "pushsecret",
        "ClusterExternalSecret" => "clusterexternalsecret",
        "ExternalSecret" => "externalsecret",
        _ => null,
    };

    /// <summary>A watch event: the object's Ready condition recorded, or its series dropped when it was deleted.</summary>
    public void Observe(ResourceType type, bool deleted, JsonObject obj)
    {
        if (PrefixOf(type) is not { } prefix) return;
        var key = (prefix, obj.GetNamespace() ?? "", obj.GetName() ?? "");
        if (deleted)
        {
            _ready.TryRemove(key, out _);
            _duration.TryRemove(key, out _);
            return;
        }
        // ExternalSecrets' conditions are their own series (ExternalSecretSeries)
        if (prefix == "externalsecret" || Condition.Find(obj["status"]) is not { } ready) return;
        _ready[key] = ready.IsTrue ? 1 : 0;
    }

    public void Reconciled(string prefix, string? ns, string name, TimeSpan took) =>
        _duration[(prefix, ns ?? "", name)] = (took.Ticks * 100.0, Interlocked.Increment(ref _recorded));

    /// <summary>Taken before a scrape lists the ExternalSecrets' state entries: see <see cref="Write"/>.</summary>
    public long Mark() => Interlocked.Read(ref _recorded);

    /// <summary>
    /// Writes the series. An ExternalSecret's duration is written only while it has a state entry
    /// (<paramref name="externalSecrets"/>, listed after <paramref name="mark"/> was taken) and is dropped once it has none:
    /// a reconcile that ends after the object was deleted, or after its shard went to another replica, would otherwise
    /// leave its series behind. A duration recorded after the mark is kept for the next scrape: its reconcile may have
    /// made the state entry after this scrape listed them (the first sync of an ExternalSecret), and dropping it then
    /// lost the series until the next refresh.
    /// </summary>
    public void Write(PrometheusText text, IReadOnlyList<ExternalSecretSeries> externalSecrets, long mark)
    {
        var live = new HashSet<(string, string)>(externalSecrets.Select(s => (s.Namespace, s.Name)));
        foreach (var (key, (_, stamp)) in _duration)
        {
            if (key.Prefix == "externalsecret" && stamp <= mark && !live.Contains((key.Namespace, key.Name))) _duration.TryRemove(key, out _);
        }
        var ready = _ready.OrderBy(kv => kv.Key).ToList();
        var durations = _duration.OrderBy(kv => kv.Key).ToList();
        foreach (var prefix in Prefixes)
        {
            if (prefix != "externalsecret")
            {
                text.Header(prefix + "_status_condition", $"The status condition of a specific {prefix}", "gauge");
                foreach (var ((p, ns, name), value) in ready)
                {
                    if (p != prefix) continue;
                    foreach (var status in (ReadOnlySpan<string>)["True", "False"])
                    {
                        text.Open(prefix + "_status_condition");
                        text.Label("condition", Condition.ReadyType, first: true);
                        text.Label("name", name);
                        text.Label("namespace", ns);
                        text.Label("status", status);
                        text.Value((status == "True") == (value == 1) ? 1L : 0L);
                    }
                }
            }
            text.Header(prefix + "_reconcile_duration", $"The duration time to reconcile the {prefix}", "gauge");
            foreach (var ((p, ns, name), value) in durations)
            {
                if (p != prefix) continue;
                text.Open(prefix + "_reconcile_duration");
                text.Label("name", name, first: true);
                text.Label("namespace", ns);
                text.Value(value.Nanoseconds);
            }
        }
    }
}
