using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Runtime;

/// <summary>
/// What runs while this instance leads: one <see cref="ListWatch"/> per distinct watch source, feeding a deduplicating
/// <see cref="WorkQueue{T}"/> and keeping one <see cref="ObjectCache"/> current that reconciles read from (through
/// <see cref="CachedReader"/>); <see cref="AgentOptions.Concurrency"/> workers; per-key timers for the next refresh; and
/// jittered exponential backoff (never sooner than a provider's Retry-After) after failures. Cancelling the stop token
/// stops the watches and timers and keeps workers from taking more keys; reconciles in flight run on until they finish or
/// the abort token fires (<see cref="RunAsync(CancellationToken, CancellationToken)"/>).
/// </summary>
internal sealed class ControllerSession(KubernetesClient kube, IReadOnlyList<IResourceController> controllers, AgentOptions options, TimeProvider time,
    Action<string, Exception>? onError = null, CachedReader? reads = null)
{
    private long _reconciles;
    private long _failures;
    private int _watches = int.MaxValue;
    private int _syncedWatches;
    private readonly ReconcileClock _inFlight = new(time);
    private IReadOnlyList<IGrouping<(ResourceType Type, string? Namespace, string? LabelSelector), WatchSource>> _groups = [];

    /// <summary>
    /// Whether a key's work is admitted on this replica (sharding: the key's shard is owned now); null = all. A key that is
    /// not admitted is dropped (no timer, no backoff): the replica that gains its shard queues it again.
    /// </summary>
    public Func<QueueKey, bool>? Admits { get; init; }

    public WorkQueue<QueueKey> Queue { get; } = new();

    /// <summary>The agent's metrics: controller-runtime's per controller and the per-object series of each kind; null = none.</summary>
    public Metrics.AgentMetrics? Metrics
    {
        get => _metrics;
        init
        {
            _metrics = value;
            if (value is not null) value.Controllers.Depth = () => Queue.CountBy(ControllerName);
        }
    }

    private readonly Metrics.AgentMetrics? _metrics;

    /// <summary>The controller a key's kind is in ESO's metrics (<c>externalsecret</c>, <c>secretstore</c>, <c>clustersecretstore</c>, …).</summary>
    private static string ControllerName(QueueKey key) =>
        Agent.Metrics.ResourceMetrics.PrefixOf(key.Kind, key.Namespace) ?? key.Kind.ToLowerInvariant();

    /// <summary>Queues <paramref name="key"/> for a worker (change events queue the ExternalSecrets they refresh here).</summary>
    public void Enqueue(QueueKey key)
    {
        if (Queue.Add(key)) _metrics?.Controllers.Added(ControllerName(key));
    }

    public ReconcileScheduler<QueueKey> Scheduler { get; } = new(time, options.SchedulerResolution);

    public Backoff<QueueKey> Backoff { get; } = new(options.BackoffInitial, options.BackoffMax);

    /// <summary>The compacting full collection after a burst of reconciles, and during a long one (see <see cref="BurstCompaction"/>).</summary>
    public BurstCompaction Compaction { get; } = new(options.IdleCompactionReconciles, options.IdleCompactionInterval, time)
    {
        BusyReconciles = options.BusyCompactionReconciles,
        BusyInterval = options.BusyCompactionInterval,
    };

    /// <summary>Reconciles finished (any outcome).</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>Reconciles that failed and were scheduled for a retry.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Every watch has listed at least once, so the caches reconciles read from are complete (client-go's HasSynced).</summary>
    public bool HasSynced => Volatile.Read(ref _syncedWatches) >= Volatile.Read(ref _watches);

    /// <summary>How long the oldest reconcile in flight has been running; zero when none is.</summary>
    public TimeSpan LongestReconcile => _inFlight.Longest;

    /// <summary>Runs until <paramref name="ct"/> is cancelled, which also cancels reconciles in flight.</summary>
    public Task RunAsync(CancellationToken ct) => RunAsync(ct, ct);

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled, then returns once the reconciles in flight have finished;
    /// <paramref name="abort"/> cancels those.
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var byKind = controllers.ToDictionary(c => c.Kind, StringComparer.Ordinal);
        var tasks = new List<Task>();
        var groups = controllers.SelectMany(c => c.Watches).GroupBy(w => (w.Type, w.Namespace, w.LabelSelector)).ToList();
        _groups = groups;
        Volatile.Write(ref _watches, groups.Count);
        foreach (var group in groups)
        {
            var sources = group.ToList();
            tasks.Add(Task.Run(() => WatchAsync(group.Key.Type, group.Key.Namespace, group.Key.LabelSelector, sources, stop), CancellationToken.None));
        }
        tasks.Add(Task.Run(() => Scheduler.RunAsync(key => Enqueue(key), stop), CancellationToken.None));
        for (var i = 0; i < Math.Max(1, options.Concurrency); i++)
        {
            tasks.Add(Task.Run(() => WorkerAsync(byKind, stop, abort), CancellationToken.None));
        }
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task WatchAsync(ResourceType type, string? ns, string? selector, IReadOnlyList<WatchSource> sources, CancellationToken ct)
    {
        var synced = false;
        while (!ct.IsCancellationRequested)
        {
            var watch = new ListWatch(kube, type, type.Namespaced ? ns : null, time, reads?.CacheFor(type, ns, selector))
            {
                LabelSelector = selector,
                ResyncPeriod = options.CacheResyncPeriod,
                StripManagedFields = true,
                OnError = e => onError?.Invoke($"watch {type} failed", e),
            };
            try
            {
                await foreach (var ev in watch.RunAsync(ct))
                {
                    if (ev.Type == WatchEventType.Bookmark) continue;
                    if (ev.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && ev.Object is { } seen)
                    {
                        _metrics?.Objects.Observe(type, ev.Type == WatchEventType.Deleted, seen);
                    }
                    if (ev.Type == WatchEventType.Synced && !synced)
                    {
                        synced = true;
                        Interlocked.Increment(ref _syncedWatches);
                    }
                    foreach (var source in sources)
                    {
                        try
                        {
                            foreach (var key in source.OnEvent(ev)) Add(source, ev, key);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            onError?.Invoke($"handling a {type} event failed", e);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                onError?.Invoke($"watch {type} stopped", e);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>Queues a key of a watch event, or schedules it when its source says an added object is due later (<see cref="WatchSource.AddedDueAt"/>).</summary>
    private void Add(WatchSource source, WatchEvent ev, QueueKey key)
    {
        if (ev.Type == WatchEventType.Added && ev.Object is { } obj && source.AddedDueAt?.Invoke(obj) is { } at && at > time.GetUtcNow()) Scheduler.Schedule(key, at);
        else Enqueue(key);
    }

    private async Task WorkerAsync(IReadOnlyDictionary<string, IResourceController> byKind, CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = await Queue.TakeAsync(stop);
            var started = _inFlight.Start();
            try
            {
                if (!byKind.TryGetValue(key.Kind, out var controller)) continue;
                if (Admits is { } admits && !admits(key))
                {
                    Plan(key, ReconcileResult.Done);
                    continue;
                }
                var name = ControllerName(key);
                _metrics?.Controllers.Started(name);
                var began = time.GetTimestamp();
                ReconcileResult? result = null;
                try
                {
                    result = await controller.ReconcileAsync(key, abort);
                }
                catch (Exception e) when (!abort.IsCancellationRequested)
                {
                    onError?.Invoke($"reconcile {key} failed", e);
                    result = ReconcileResult.Failed(e);
                }
                finally
                {
                    Measured(key, name, result, time.GetElapsedTime(began));
                }
                Plan(key, result);
            }
            finally
            {
                _inFlight.Finish(started);
                Queue.Done(key);
                if (Queue.IsIdle) Compaction.OnIdle(Reconciles);
                else Compaction.OnBusy(Reconciles);
            }
        }
    }

    /// <summary>
    /// Queues the work of shards just gained, from the shared caches, with no request to the API server; returns the task
    /// doing it (one at a time, off the caller's thread: shards gained meanwhile join the next pass). A source with
    /// <see cref="WatchSource.OnShardsGained"/> says per object what to queue and when (an ExternalSecret synced lately
    /// by another replica is due at its next refresh, so the objects that are due now are not queued behind a whole
    /// shard's); the others get their objects as ADDED events when shard 0 is among the gained ones. Keys that are not
    /// admitted here by then are dropped by <see cref="Admits"/>.
    /// </summary>
    public Task RequeueGained(GainedShards shards)
    {
        lock (_requeueGate)
        {
            var idle = _requeuePending is null;
            (_requeuePending ??= new GainedShards()).AddAll(shards);
            if (idle) _requeue = Task.Run(RequeuePending);
            return _requeue;
        }
    }

    private readonly Lock _requeueGate = new();
    private GainedShards? _requeuePending;
    private Task _requeue = Task.CompletedTask;

    private void RequeuePending()
    {
        while (true)
        {
            GainedShards shards;
            lock (_requeueGate)
            {
                if (_requeuePending is not { Count: > 0 } pending)
                {
                    _requeuePending = null;
                    return;
                }
                shards = pending;
                _requeuePending = new GainedShards();
            }
            try
            {
                Requeue(shards);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                onError?.Invoke("queueing the objects of gained shards failed", e);
            }
        }
    }

    private void Requeue(GainedShards gained)
    {
        if (reads is null) return;
        foreach (var group in _groups)
        {
            var planned = group.Where(s => s.OnShardsGained is not null).ToList();
            var replayed = gained.Contains(0) ? group.Where(s => s.OnShardsGained is null).ToList() : [];
            if (planned.Count == 0 && replayed.Count == 0) continue;
            var cache = reads.CacheFor(group.Key.Type, group.Key.Namespace, group.Key.LabelSelector);
            foreach (var obj in cache.Objects())
            {
                var now = time.GetUtcNow();
                foreach (var source in planned)
                {
                    try
                    {
                        if (source.OnShardsGained!(obj, gained) is not { } work) continue;
                        if (work.DueAt > now) Scheduler.Schedule(work.Key, work.DueAt);
                        else Enqueue(work.Key);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        onError?.Invoke($"handling a {group.Key.Type} of a gained shard failed", e);
                    }
                }
                if (replayed.Count == 0) continue;
                var ev = new WatchEvent(WatchEventType.Added, obj);
                foreach (var source in replayed)
                {
                    try
                    {
                        foreach (var key in source.OnEvent(ev)) Enqueue(key);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        onError?.Invoke($"handling a {group.Key.Type} event failed", e);
                    }
                }
            }
        }
    }

    /// <summary>A reconcile's metrics: its controller's result and time (an aborted one counts as an error), the object's duration.</summary>
    private void Measured(QueueKey key, string controller, ReconcileResult? result, TimeSpan took)
    {
        if (_metrics is not { } m) return;
        m.Controllers.Finished(controller, result?.Error is not null || result is null, result?.RequeueAt is not null, took);
        if (result is not null && Agent.Metrics.ResourceMetrics.PrefixOf(key.Kind, key.Namespace) is { } prefix) m.Objects.Reconciled(prefix, key.Namespace, key.Name, took);
    }

    private void Plan(QueueKey key, ReconcileResult result)
    {
        Interlocked.Increment(ref _reconciles);
        if (result.Error is { } error)
        {
            Interlocked.Increment(ref _failures);
            Scheduler.Schedule(key, RetryPlan.NextAttempt(time.GetUtcNow(), Backoff.Fail(key), error));
            return;
        }
        Backoff.Reset(key);
        if (result.RequeueAt is { } at) Scheduler.Schedule(key, at);
        else Scheduler.Cancel(key);
    }
}
