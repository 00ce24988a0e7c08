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
    private readonly ConcurrentDictionary<(string Prefix, string Namespace, string Name), double> _duration = new();

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

    public void Reconciled(string prefix, string? ns, string name, TimeSpan took) => _duration[(prefix, ns ?? "", name)] = took.Ticks * 100.0;

    /// <summary>
    /// Writes the series. An ExternalSecret's duration is written only while it has a state entry
    /// (<paramref name="externalSecrets"/>) and is dropped once it has none: a reconcile that ends after the object was
    /// deleted, or after its shard went to another replica, would otherwise leave its series behind.
    /// </summary>
    public void Write(PrometheusText text, IReadOnlyList<ExternalSecretSeries> externalSecrets)
    {
        var live = new HashSet<(string, string)>(externalSecrets.Select(s => (s.Namespace, s.Name)));
        foreach (var key in _duration.Keys.Where(k => k.Prefix == "externalsecret" && !live.Contains((k.Namespace, k.Name))))
        {
            _duration.TryRemove(key, out _);
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
                text.Value(value);
            }
        }
    }
}
