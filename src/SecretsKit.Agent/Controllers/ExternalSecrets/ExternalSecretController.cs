using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// Drives <see cref="ExternalSecretReconciler"/> from watches. ExternalSecret events queue the object when its generation,
/// labels or annotations change (not on status-only updates). Events of managed Secrets queue the owning ExternalSecret
/// when the Secret no longer holds what was synced (drift is then repaired from cached state). When a store turns
/// Ready=True, every ExternalSecret that failed against it is queued at once, ahead of its backoff.
/// </summary>
internal sealed class ExternalSecretController : IResourceController
{
    public const string QueueKind = "ExternalSecret";

    /// <summary>
    /// Not an object: the periodic flush of debounced rollout restarts while watching (a pass flushes at its end instead).
    /// Queued when the ExternalSecret watch has listed, then every <see cref="RolloutFlushInterval"/>.
    /// </summary>
    public static readonly QueueKey RolloutFlushKey = new(QueueKind, null, "rollout-restart-flush");

    private static readonly TimeSpan RolloutFlushInterval = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time;
    private readonly KubernetesClient _kube;
    private readonly ExternalSecretReconciler _reconciler;
    private readonly AgentOptions _options;
    private readonly StoreThrottle _throttle;
    private readonly FetchCache _cache;
    // per ExternalSecret: one entry each, shared with the reconciler (what was seen, target, failure, state, metrics)
    private readonly ExternalSecretEntries _entries;
    private readonly ConcurrentDictionary<string, bool> _storeReady = new(StringComparer.Ordinal);
    private readonly ShardOwnership? _shards;

    public ExternalSecretController(KubernetesClient kube, ExternalSecretReconciler reconciler, AgentOptions options, StoreThrottle throttle, TimeProvider time,
        ShardOwnership? shards = null)
    {
        _shards = shards;
        _kube = kube;
        _reconciler = reconciler;
        _entries = reconciler.Entries;
        _options = options;
        _throttle = throttle;
        _time = time;
        _cache = new FetchCache(time, throttle) { Calls = reconciler.Metrics.ProviderCalls, Changes = reconciler.Changes };
        WatchSource[] watches =
        [
            new WatchSource(ResourceTypes.ExternalSecret, options.Namespace, null, OnExternalSecret) { OnShardsGained = OnShardsGained, AddedDueAt = AddedDueAt },
            // a gained ExternalSecret's plan checks its target Secret already (drift: at once)
            new WatchSource(ResourceTypes.Secret, options.Namespace, ExternalSecretReconciler.ManagedLabel + "=true", OnSecret) { OnShardsGained = (_, _) => null },
            new WatchSource(ResourceTypes.SecretStore, options.Namespace, null, OnStore),
        ];
        // Namespaces are watched only to serve ClusterSecretStore conditions from the cache (no key is queued for them)
        Watches = options.ClusterStoreReconciler
            ? [.. watches, new WatchSource(ResourceTypes.ClusterSecretStore, null, null, OnStore), new WatchSource(ResourceTypes.Namespace, null, null, _ => [])]
            : watches;
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    public static QueueKey KeyOf(string ns, string name) => new(QueueKind, ns, name);

    /// <summary>ExternalSecrets (<c>namespace/name</c>) whose last reconcile failed.</summary>
    public IReadOnlyCollection<string> Failing => [.. _entries.All.Where(e => e.FailedStores is not null).Select(e => e.Key.ObjectKey)];

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        if (key == RolloutFlushKey)
        {
            await _reconciler.Rollout.FlushAsync(ct);
            return ReconcileResult.At(_time.GetUtcNow() + RolloutFlushInterval);
        }
        // the latest object seen is read from the watch-fed cache (packed JSON), not kept a second time here
        if (_reconciler.Reads.CacheFor(ResourceTypes.ExternalSecret, _options.Namespace, null).TryGet(key.Namespace, key.Name) is not { } obj)
        {
            _reconciler.Forget(key); // deleted: its entry goes, with everything in it
            return ReconcileResult.Done;
        }
        var es = ExternalSecretResource.Parse(obj);
        // sharding: another replica's object is dropped here, so nothing of it is fetched, kept or written
        if (_shards is { } shards && !shards.Admits(es)) return Drop(key);
        var entry = _entries.GetOrAdd(key);
        ReconcileResult result;
        try
        {
            result = await _reconciler.ReconcileAsync(es, entry, new StoreResolver(_reconciler.Reads, StoreClaim.From(_options), _options.ClusterStoreReconciler), _cache, ct);
        }
        catch (ShardFencedException)
        {
            return Drop(key); // the shard was lost during the reconcile, before a write
        }
        entry.FailedStores = result.Error is null ? null : StoreIdentities(es);
        return result;
    }

    /// <summary>
    /// Forgets an ExternalSecret of a shard this replica does not own: its entry goes, with its state, failure and metric
    /// series (the session drops its timer and backoff). Its owner has it; the watch cache keeps the object itself, and a
    /// replica that gains the shard makes the entry again from there.
    /// </summary>
    private ReconcileResult Drop(QueueKey key)
    {
        _entries.Remove(key);
        return ReconcileResult.Done;
    }

    /// <summary>Every ExternalSecret in scope once, sharing one fetch cache for the pass.</summary>
    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var resolver = new StoreResolver(_reconciler.Reads, StoreClaim.From(_options), _options.ClusterStoreReconciler);
        var cache = new FetchCache(_time, _throttle) { Calls = _reconciler.Metrics.ProviderCalls };
        using var gate = new SemaphoreSlim(Math.Max(1, _options.Concurrency));
        var tasks = new List<Task>();
        await foreach (var obj in _kube.ListAllAsync(ResourceTypes.ExternalSecret, _options.Namespace, cancellationToken: ct))
        {
            var es = ExternalSecretResource.Parse(obj);
            await gate.WaitAsync(ct);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await _reconciler.ReconcileAsync(es, _entries.GetOrAdd(KeyOf(es.Namespace, es.Name)), resolver, cache, ct);
                }
                finally
                {
                    gate.Release();
                }
            }, ct));
        }
        await Task.WhenAll(tasks);
        await _reconciler.Rollout.FlushAsync(ct);
    }

    private IEnumerable<QueueKey> OnExternalSecret(WatchEvent ev)
    {
        if (ev.Type == WatchEventType.Synced) yield return RolloutFlushKey;
        if (ev.Object is not { } obj || obj.GetName() is not { } name) yield break;
        var key = KeyOf(obj.GetNamespace() ?? "default", name);
        if (ev.Type == WatchEventType.Deleted)
        {
            // the entry goes at once (a recreated object of that name starts afresh); the reconcile forgets what it kept too
            var gone = _entries.Find(key);
            _entries.Remove(key);
            yield return gone?.Key ?? key;
            yield break;
        }
        // parsing never throws: a malformed ExternalSecret is queued like any other and its reconcile reports the problem
        var es = ExternalSecretResource.Parse(obj);
        if (_shards is { } shards && !shards.Admits(es))
        {
            // another replica's: nothing is kept of it; an entry left from when this replica owned it goes, and its key is
            // queued once so that the session drops its timer
            if (_entries.Find(key) is not { } stale) yield break;
            _entries.Remove(key);
            yield return stale.Key;
            yield break;
        }
        var entry = Observe(key, es, obj, out var changed);
        // ADDED (a new object, or the first list of a new session) always queues; MODIFIED only when more than the status changed
        if (ev.Type != WatchEventType.Added && !changed) yield break;
        yield return entry.Key; // the entry's key: every queue, timer and backoff holds its strings, not copies
    }

    /// <summary>The entry of an ExternalSecret this replica works on, updated with what its latest object shows.</summary>
    private ExternalSecretEntry Observe(QueueKey key, ExternalSecretResource es, JsonObject obj, out bool changed)
    {
        var entry = _entries.GetOrAdd(key);
        _entries.Target(entry, es.Target.Name);
        changed = entry.Saw(es.Generation, SyncedResourceVersion.MetadataHash(es), obj.IsBeingDeleted());
        return entry;
    }

    /// <summary>
    /// An ExternalSecret of a shard this replica just gained: due at its next refresh when its status and target Secret
    /// show a sync the new holder can trust (as a reconcile would resume it; see
    /// <see cref="ExternalSecretReconciler.ResumableUntil"/>), else at once. So the objects that are due now (their
    /// refresh fell in the takeover's gap) or drifted are not queued behind the whole shard.
    /// </summary>
    private (QueueKey, DateTimeOffset)? OnShardsGained(JsonObject obj, GainedShards gained)
    {
        if (_shards is not { } shards || obj.GetName() is not { } name) return null;
        var es = ExternalSecretResource.Parse(obj);
        var shard = ShardKey.Of(ShardKey.For(es), shards.Count);
        if (!gained.Contains(shard)) return null;
        var entry = Observe(KeyOf(obj.GetNamespace() ?? "default", name), es, obj, out _);
        return (entry.Key, entry.State is null && _reconciler.ResumableUntil(es, gained.WorkedUntil(shard)) is { } due ? due : DateTimeOffset.MinValue);
    }

    /// <summary>
    /// Sharding: an ExternalSecret this replica sees for the first time in an owned shard (its watches were still listing
    /// when the shard was gained, as for a replica just added) is due as it would be after the gain (see
    /// <see cref="OnShardsGained"/>); a new one (no status) is synced at once.
    /// </summary>
    private DateTimeOffset? AddedDueAt(JsonObject obj)
    {
        if (_shards is not { } shards || obj.GetName() is not { } name) return null;
        if (_entries.Find(KeyOf(obj.GetNamespace() ?? "default", name)) is not { State: null }) return null;
        var es = ExternalSecretResource.Parse(obj);
        return _reconciler.ResumableUntil(es, shards.PreviousHolderWorkedUntil(ShardKey.Of(ShardKey.For(es), shards.Count)));
    }

    private IEnumerable<QueueKey> OnSecret(WatchEvent ev)
    {
        if (ev.Object is not { } secret || secret.GetName() is not { } name) yield break;
        foreach (var entry in _entries.WritersOf(secret.GetNamespace() ?? "default", name))
        {
            // this ExternalSecret's own writes (it is the writer and the data matches its data-hash) and Secrets holding what
            // was synced are not drift; another ExternalSecret's write is, whatever its hash says
            if (ev.Type != WatchEventType.Deleted
                && ((UidOf(entry.Namespace, entry.Name) is { } uid && ExternalSecretReconciler.HoldsWrittenData(secret, uid))
                    || (entry.State is { } state && ExternalSecretReconciler.Matches(secret, state.Desired))))
            {
                continue;
            }
            yield return entry.Key;
        }
    }

    private string? UidOf(string ns, string name) =>
        _reconciler.Reads.CacheFor(ResourceTypes.ExternalSecret, _options.Namespace, null).TryGet(ns, name)?.GetUid();

    private IEnumerable<QueueKey> OnStore(WatchEvent ev)
    {
        if (ev.Object is not { } obj) yield break;
        var store = StoreResource.Parse(obj);
        if (ev.Type == WatchEventType.Deleted)
        {
            _storeReady.TryRemove(store.Identity, out _);
            yield break;
        }
        var ready = Condition.Find(obj["status"]) is { IsTrue: true };
        var wasReady = _storeReady.TryGetValue(store.Identity, out var before) && before;
        if (ready && !wasReady)
        {
            foreach (var entry in _entries.All)
            {
                if (entry.FailedStores is { } stores && stores.Contains(store.Identity, StringComparer.Ordinal)) yield return entry.Key;
            }
        }
        // Recorded only once every retry above was queued (the caller queues each key as it is yielded), so whoever sees
        // the store as Ready here also sees those retries in the queue.
        _storeReady[store.Identity] = ready;
    }

    /// <summary>Whether the last event of the store with this <see cref="StoreResource.Identity"/> said Ready=True (its retries are queued).</summary>
    internal bool SawStoreReady(string storeIdentity) => _storeReady.TryGetValue(storeIdentity, out var ready) && ready;

    /// <summary>The identities (<see cref="StoreResource.Identity"/>) of every store an ExternalSecret reads from.</summary>
    internal static IReadOnlyList<string> StoreIdentities(ExternalSecretResource es) =>
    [
        .. es.StoreRefs.Select(r => r.Kind == StoreKind.SecretStore ? $"{StoreKind.SecretStore}/{es.Namespace}/{r.Name}" : $"{StoreKind.ClusterSecretStore}//{r.Name}")
            .Distinct(StringComparer.Ordinal),
    ];
}
