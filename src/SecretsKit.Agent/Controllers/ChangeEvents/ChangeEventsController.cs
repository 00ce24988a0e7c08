using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.ChangeEvents;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Controllers.PushSecrets;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Controllers.ChangeEvents;

/// <summary>
/// Change events (<c>secretskit.io/change-events</c> on a store): one <see cref="ChangeSubscription"/> per annotated store
/// this agent claims, started when the store appears, restarted when its annotation or spec changes, stopped when it goes
/// away, all stopped when the session ends. Each event's keys are looked up in <see cref="Readers"/>; the ExternalSecrets
/// reading them get a refresh request (<see cref="ChangedKeys"/>) and are queued in the session's work queue, so rate
/// limits, backoff and shard ownership apply as for the timer, which keeps running. Sharded, every replica subscribes and
/// refreshes only the readers of its own shards; a message whose readers are all another replica's is left unacknowledged
/// for the queue to hand to another consumer. The store's <c>ChangeEventsReady</c> condition (written by the replica that
/// does stores, shard 0's owner) and <c>secretskit_change_events_up</c> say whether the subscription works.
/// </summary>
internal sealed class ChangeEventsController : IResourceController
{
    public const string QueueKind = "ChangeEvents";
    public const string ConditionType = "ChangeEventsReady";

    private readonly CachedReader _reads;
    private readonly ProviderFactory _providers;
    private readonly AgentOptions _options;
    private readonly ShardOwnership? _shards;
    private readonly TimeProvider _time;
    private readonly ChangeEventSources _sources;
    private readonly StoreClaim _claim;
    private readonly StatusWriter _status;
    private readonly ConcurrentDictionary<QueueKey, StoreEvents> _stores = new();
    private ControllerSession? _session;
    private CancellationToken _sessionToken = new(canceled: true);

    /// <summary>The state of one annotated store: its setting, and the running loop when the setting is usable.</summary>
    private sealed record StoreEvents(string Name, string? Namespace, ChangeEventsSetting Setting, ChangeSubscription? Subscription);

    public ChangeEventsController(CachedReader reads, ProviderFactory providers, AgentOptions options, TimeProvider time, ChangedKeys changes,
        ShardOwnership? shards = null, ChangeEventSources? sources = null)
    {
        _reads = reads;
        _providers = providers;
        _options = options;
        _shards = shards;
        _time = time;
        Changes = changes;
        _sources = sources ?? ChangeEventSources.All();
        _claim = StoreClaim.From(options);
        _status = new StatusWriter(reads.Client, time);
        WatchSource[] watches =
        [
            new WatchSource(ResourceTypes.SecretStore, options.Namespace, null, OnStore),
            new WatchSource(ResourceTypes.ExternalSecret, options.Namespace, null, OnExternalSecret) { OnShardsGained = (_, _) => null },
            new WatchSource(ResourceTypes.PushSecret, options.Namespace, null, OnPushSecret) { OnShardsGained = (_, _) => null },
        ];
        Watches = options.ClusterStoreReconciler ? [.. watches, new WatchSource(ResourceTypes.ClusterSecretStore, null, null, OnStore)] : watches;
    }

    public string Kind => QueueKind;

    public IReadOnlyList<WatchSource> Watches { get; }

    /// <summary>Which ExternalSecrets read which key.</summary>
    public KeyReaders Readers { get; } = new();

    /// <summary>The changed keys and pending refresh requests, shared with the ExternalSecret reconciler and its fetch cache.</summary>
    public ChangedKeys Changes { get; }

    /// <summary>Warnings (dropped events, failed subscriptions): a message and bounded fields, never a secret value.</summary>
    public Action<string, (string Key, string Value)[]> Log { get; set; } = (_, _) => { };

    public static QueueKey KeyOf(string? ns, string name) => new(QueueKind, ns, name);

    /// <summary>Whether this replica admits the work of <paramref name="key"/>: every replica subscribes (see the type's summary).</summary>
    public static bool Admitted(QueueKey key) => key.Kind == QueueKind;

    /// <summary>Binds the subscriptions to a running session (they run until <paramref name="stop"/> or <see cref="DetachAsync"/>).</summary>
    public void Attach(ControllerSession session, CancellationToken stop) => (_session, _sessionToken) = (session, stop);

    /// <summary>Stops every subscription (the session ended).</summary>
    public async Task DetachAsync()
    {
        _session = null;
        foreach (var key in _stores.Keys.ToList())
        {
            if (_stores.TryRemove(key, out var state) && state.Subscription is { } sub) await sub.DisposeAsync();
        }
    }

    /// <summary>
    /// The <c>secretskit_change_events_up</c> series: one per annotated store, 1 while its subscription receives, 0 while it
    /// fails or its annotation is unusable.
    /// </summary>
    public IEnumerable<(string Store, string? Namespace, string Source, bool Up)> Series() =>
        _stores.Values.Select(s => (s.Name, s.Namespace, s.Setting.Source, s.Subscription is { Up: true }));

    /// <summary>The running subscription of a store (tests and the bench), or null.</summary>
    public ChangeSubscription? SubscriptionOf(string? ns, string name) => _stores.TryGetValue(KeyOf(ns, name), out var s) ? s.Subscription : null;

    private IEnumerable<QueueKey> OnStore(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) yield break;
        var key = KeyOf(obj.GetKind() == "ClusterSecretStore" ? null : obj.GetNamespace(), name);
        // status writes queue it too: a condition another writer dropped is written again (the reconcile writes only on a difference)
        if (ev.Type == WatchEventType.Deleted || _stores.ContainsKey(key) || obj.GetAnnotations().ContainsKey(ChangeEventsAnnotation.Name)) yield return key;
    }

    private IEnumerable<QueueKey> OnExternalSecret(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) return [];
        var key = ExternalSecretController.KeyOf(obj.GetNamespace() ?? "default", name);
        if (ev.Type == WatchEventType.Deleted)
        {
            Readers.Remove(key);
            return [];
        }
        var es = ExternalSecretResource.Parse(obj);
        Readers.Update(key, es, _shards is { } shards ? ShardKey.Of(ShardKey.For(es), shards.Count) : 0);
        return [];
    }

    private IEnumerable<QueueKey> OnPushSecret(WatchEvent ev)
    {
        if (ev.Object is not { } obj || obj.GetName() is not { } name) return [];
        var key = new QueueKey(PushSecretController.QueueKind, obj.GetNamespace() ?? "default", name);
        if (ev.Type == WatchEventType.Deleted) Readers.Remove(key);
        else Readers.Update(key, PushSecretResource.Parse(obj));
        return [];
    }

    public async Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct)
    {
        var type = key.Namespace is null ? ResourceTypes.ClusterSecretStore : ResourceTypes.SecretStore;
        var obj = key.Namespace is null && !_options.ClusterStoreReconciler ? null : await _reads.TryGetAsync(type, key.Namespace, key.Name, ct);
        var store = obj is null ? null : StoreResource.Parse(obj);
        var setting = store is not null && _claim.Claims(store) ? ChangeEventsAnnotation.Of(store, _sources) : null;
        _stores.TryGetValue(key, out var current);
        if (setting is null)
        {
            if (_stores.TryRemove(key, out var gone) && gone.Subscription is { } sub) await sub.DisposeAsync();
            if (store is null) Changes.ForgetStore(StoreIdentity(key));
            else if (Condition.Find(obj!["status"], ConditionType) is not null && WritesStatus) await RemoveConditionAsync(type, store, ct);
            return ReconcileResult.Done;
        }
        var wanted = $"{setting.Value}\n{store!.Uid}\n{obj!.GetGeneration()}";
        if (current?.Subscription?.Setting != wanted)
        {
            if (current?.Subscription is { } old) await old.DisposeAsync();
            ChangeSubscription? started = null;
            if (setting.Kind is { } kind && !_sessionToken.IsCancellationRequested)
            {
                var context = new ChangeSourceContext(store, setting.Address, _providers.SpecFor(store));
#pragma warning disable CA2000 // held in _stores until the store changes or goes, or the session ends (DetachAsync)
                started = new ChangeSubscription(wanted, kind, context, m => Refresh(store.Identity, m), () => Requeue(key), (m, f) => Log(m, f),
                    _options.ChangeEventsRetryInitial, _options.ChangeEventsRetryMax, _sessionToken);
#pragma warning restore CA2000
            }
            current = new StoreEvents(key.Name, key.Namespace, setting, started);
            _stores[key] = current;
        }
        if (WritesStatus) await WriteConditionAsync(type, store, ConditionOf(current), ct);
        return ReconcileResult.Done;
    }

    /// <summary>Every annotated store once (a pass starts no subscription: it only reports unusable annotations).</summary>
    public Task ReconcileAllAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Store conditions are written where stores are reconciled: unsharded, or on shard 0's owner.</summary>
    private bool WritesStatus => _shards is null || _shards.AdmitsOtherKinds;

    private void Requeue(QueueKey key) => _session?.Enqueue(key);

    /// <summary>
    /// Queues a refresh of the ExternalSecrets that read the message's keys in this replica's shards. Returns whether the
    /// message is done here: something was refreshed, or no other replica has a reader of its keys.
    /// </summary>
    internal bool Refresh(string storeIdentity, ChangeMessage message)
    {
        var queued = new List<QueueKey>();
        var elsewhere = false;
        foreach (var key in message.Keys.Distinct(StringComparer.Ordinal))
        {
            var readers = Readers.Of(storeIdentity, key, Changes, message.Tags);
            var mine = readers.Where(r => _shards is null || _shards.Owns(r.Shard)).ToList();
            elsewhere |= mine.Count < readers.Count;
            if (mine.Count == 0) continue;
            Changes.Changed(storeIdentity, key);
            if (mine.Any(r => r.ByFind)) Changes.FindChanged(storeIdentity);
            queued.AddRange(mine.Select(r => r.Key));
        }
        foreach (var es in queued.Distinct())
        {
            Changes.Request(es);
            _session?.Enqueue(es);
        }
        return queued.Count > 0 || !elsewhere;
    }

    private static Condition ConditionOf(StoreEvents state) => state switch
    {
        { Setting.Problem: { } problem } => NewCondition(ConditionStatus.False, "InvalidChangeEvents", $"{ChangeEventsAnnotation.Name}: {problem}"),
        { Subscription: { Up: true, Note: { } note } } => NewCondition(ConditionStatus.True, "SubscribedPartly", $"receiving change events ({state.Setting.Source}); {note}"),
        { Subscription.Up: true } => NewCondition(ConditionStatus.True, "Subscribed", $"receiving change events ({state.Setting.Source})"),
        { Subscription.Problem: { } failure } => NewCondition(ConditionStatus.False, "SubscriptionFailed", $"{state.Setting.Source}: {failure}"),
        _ => NewCondition(ConditionStatus.Unknown, "Connecting", $"connecting to the {state.Setting.Source} source"),
    };

    private static Condition NewCondition(ConditionStatus status, string reason, string message) =>
        new(ConditionType, status, reason, Core.Errors.Echo.Truncated(message, Condition.MaxMessage));

    private async Task WriteConditionAsync(ResourceType type, StoreResource store, Condition next, CancellationToken ct) =>
        // computed from the object as the server has it: the Ready condition beside it is another reconciler's
        await _status.WriteConditionsAsync(type, store.Namespace, store.Name, null, fresh =>
            Condition.Find(fresh["status"], ConditionType) is var previous && next.Differs(previous)
                ? next.Following(previous, _time.GetUtcNow()).MergedInto(fresh["status"])
                : null, ct);

    private async Task RemoveConditionAsync(ResourceType type, StoreResource store, CancellationToken ct) =>
        await _status.WriteConditionsAsync(type, store.Namespace, store.Name, null, fresh =>
            Condition.Find(fresh["status"], ConditionType) is null
                ? null
                : new JsonArray([.. Json.Objects(fresh["status"]?["conditions"]).Where(c => Json.Str(c["type"]) != ConditionType).Select(c => c.DeepClone())]), ct);

    private static string StoreIdentity(QueueKey key) =>
        key.Namespace is null ? $"{StoreKind.ClusterSecretStore}//{key.Name}" : $"{StoreKind.SecretStore}/{key.Namespace}/{key.Name}";
}
