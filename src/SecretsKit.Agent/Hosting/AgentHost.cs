using System.Globalization;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Coordination;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The agent's main loop: every <see cref="AgentOptions.PassInterval"/> it tries to acquire or renew the leader Lease.
/// While it leads, the controller's watches and workers run (<see cref="AgentController.RunAsync(CancellationToken, CancellationToken)"/>);
/// when it loses the Lease (another holder, or no renewal within the renew deadline) they are stopped at once. A
/// shutdown (<see cref="StopAsync"/>) is bounded by <see cref="ShutdownTimeout"/>: workers stop taking keys, the
/// reconciles in flight get until the bound minus a reserve to finish (then they are cancelled), and only once none
/// is left is the Lease released (holderIdentity emptied, as client-go's ReleaseOnCancel), so a standby takes over at
/// once and nothing is written after the release.
/// </summary>
internal sealed class AgentHost : IDisposable
{
    /// <summary>The default shutdown bound: the chart's default terminationGracePeriodSeconds (30) minus 10 s.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The leader Lease's name (in <c>--lease-namespace</c>).</summary>
    public const string LeaseName = "secretskit-agent-leader";

    private readonly LeaderElector _elector;
    private readonly ShardLeaseManager? _shardLeases;
    private string _owned = "";
    private readonly AgentLog _log;
    private readonly TimeProvider _time;
    private readonly AgentOptions _options;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _sessionStop;
    private CancellationTokenSource? _sessionAbort;
    private Task? _session;
    private DateTimeOffset _lastRenew;
    private volatile bool _stopping;

    /// <param name="leases">The client of the Lease rounds (leader and shards); null = <paramref name="kube"/>. The agent
    /// passes one with a rate limit of its own, so the rounds never wait behind reconcile writes past their renew deadline.</param>
    public AgentHost(KubernetesClient kube, AgentOptions options, ProviderOptions providerOptions, string identity, string leaseNamespace, AgentLog log,
        TimeProvider? time = null, KubernetesClient? leases = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options;
        _log = log;
        Metrics = new AgentMetrics(_time);
        _elector = new LeaderElector(leases ?? kube, new LeaderElectionConfig(leaseNamespace, LeaseName, identity), _time);
        var shards = options.Shards > 0 ? new ShardOwnership(options.Shards, _elector.Config.RenewDeadline, _time) : null;
        Controller = new AgentController(kube, options, new ProviderFactory(kube, providerOptions with { Time = _time }), Metrics, _time, shards)
        {
            OnError = (what, e) => _log.Warn(what, ("error", e.Message)),
        };
        Controller.ChangeEvents.Log = (what, fields) => _log.Warn(what, fields);
        if (shards is not null)
        {
            _shardLeases = new ShardLeaseManager(leases ?? kube, leaseNamespace, identity, shards, _time) { LeaseDuration = _elector.Config.LeaseDuration };
        }
        Probes = new AgentProbes(this, _time);
        LastAttempt = _time.GetUtcNow();
    }

    public AgentController Controller { get; }

    public AgentLog Log => _log;

    public AgentMetrics Metrics { get; }

    /// <summary>What /readyz and /healthz answer.</summary>
    public AgentProbes Probes { get; }

    /// <summary>From the signal to exit: drain, then release the Lease (<c>--shutdown-timeout</c>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

    /// <summary>Whether the last election attempt left this instance holding the Lease.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>True once the first election attempt completed (leader or standby).</summary>
    public bool Started { get; private set; }

    /// <summary>Whether the last election attempt got an answer from the API server (any answer: a conflict is an answer).</summary>
    public bool ApiReachable { get; private set; }

    /// <summary>When the last election attempt ended (success or failure); the liveness check's heartbeat.</summary>
    public DateTimeOffset LastAttempt { get; private set; }

    /// <summary>A shutdown (<see cref="StopAsync"/>) is under way.</summary>
    public bool Stopping => _stopping;

    /// <summary>Readiness for /readyz: see <see cref="AgentProbes.Readiness"/>.</summary>
    public bool Ready => Probes.Readiness().Ok;

    /// <summary>Whether the watches and workers are running (only while leader).</summary>
    public bool IsReconciling
    {
        get
        {
            lock (_gate) return _session is { IsCompleted: false };
        }
    }

    /// <summary>One election attempt; starts the controller when this instance leads and stops it when it does not. Returns whether it leads.</summary>
    public async Task<bool> TickAsync(CancellationToken ct)
    {
        if (_shardLeases is not null) return await ShardTickAsync(_shardLeases, ct);
        bool leader;
        try
        {
            leader = await _elector.TryAcquireOrRenewAsync(ct);
            ApiReachable = true;
            if (leader) _lastRenew = _time.GetUtcNow();
        }
        catch (Exception e) when (e is Kubernetes.Errors.KubernetesApiException or HttpRequestException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            ApiReachable = false;
            _log.Warn("leader election failed", ("error", e.Message));
            // keep leading until the renew deadline passes: a blip must not stop the workers
            leader = IsLeader && _time.GetUtcNow() - _lastRenew <= _elector.Config.RenewDeadline;
        }
        finally
        {
            LastAttempt = _time.GetUtcNow();
        }
        Started = true;
        if (_stopping) return IsLeader;
        if (leader != IsLeader) _log.Info(leader ? "became leader" : "lost leadership");
        IsLeader = leader;
        if (leader) StartSession();
        else await StopSessionAsync(drain: null);
        return leader;
    }

    /// <summary>
    /// Sharded: one round of the shard Leases (<see cref="ShardLeaseManager"/>). The watches run from the first round on,
    /// whatever is owned (a replica that gains a shard queues its objects from warm caches); "leading" means owning a shard.
    /// </summary>
    private async Task<bool> ShardTickAsync(ShardLeaseManager leases, CancellationToken ct)
    {
        try
        {
            await leases.TickAsync(ct);
            ApiReachable = true;
        }
        catch (Exception e) when (e is Kubernetes.Errors.KubernetesApiException or HttpRequestException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            ApiReachable = false;
            _log.Warn("shard lease round failed", ("error", e.Message));
        }
        finally
        {
            LastAttempt = _time.GetUtcNow();
        }
        Started = true;
        if (_stopping) return IsLeader;
        var owned = string.Join(',', Controller.Shards!.Owned);
        if (owned != _owned) _log.Info("owned shards changed", ("shards", owned.Length > 0 ? owned : "none"));
        _owned = owned;
        IsLeader = owned.Length > 0;
        StartSession();
        // queued off this loop: at 100,000 objects a pass over the caches outlasts a round, and a late round lapses ownership
        if (leases.TakeGained() is { Count: > 0 } shards) Controller.Session?.RequeueGained(shards);
        return IsLeader;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        LastAttempt = _time.GetUtcNow();
        _log.Info("agent started", ("namespace", _options.Namespace ?? "*"),
            ("concurrency", _options.Concurrency.ToString(CultureInfo.InvariantCulture)),
            ("clusterSecretStores", _options.ClusterStoreReconciler ? "true" : "false"));
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await TickAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.Warn("leader election tick failed", ("error", e.Message));
                }
                failures = ApiReachable ? 0 : failures + 1;
                await Task.Delay(RetryDelay(failures), _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await StopAsync();
    }

    /// <summary>
    /// The pause before the next election attempt: the pass interval, doubled per consecutive failure to reach the API
    /// server up to 30 s, except while leading (the Lease must be renewed within the renew deadline).
    /// </summary>
    private TimeSpan RetryDelay(int failures)
    {
        if (failures <= 1 || IsLeader) return _options.PassInterval;
        var backoff = _options.PassInterval * Math.Pow(2, Math.Min(failures - 1, 10));
        return backoff < MaxRetryDelay ? backoff : MaxRetryDelay;
    }

    private long _stopRequestedAt;

    /// <summary>Marks when a stop was asked for (the first signal), so that <see cref="StopAsync"/> counts its bound from there.</summary>
    public void StopRequested() => Interlocked.CompareExchange(ref _stopRequestedAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxRelease = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Graceful stop within <see cref="ShutdownTimeout"/>: workers stop taking keys; reconciles in flight finish or are
    /// cancelled at the bound minus a reserve; once none is running the Lease is released with what is left of the bound.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping = true;
        // the bound runs from the signal: getting from it to here (the host stopping its services) is part of it
        var started = Interlocked.Read(ref _stopRequestedAt) is > 0 and var at ? at : System.Diagnostics.Stopwatch.GetTimestamp();
        // a fifth of the bound (1-3 s) is left for the process to exit; of the rest, up to 5 s (a quarter at most) for the release
        var exitMargin = TimeSpan.FromTicks(Math.Clamp(ShutdownTimeout.Ticks / 5, TimeSpan.TicksPerSecond, 3 * TimeSpan.TicksPerSecond));
        var budget = ShutdownTimeout > 2 * exitMargin ? ShutdownTimeout - exitMargin : ShutdownTimeout / 2;
        var reserve = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, budget.Ticks / 4));
        _log.Info("shutting down", ("bound", ShutdownTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"));
        if (!await StopSessionAsync(budget - reserve - System.Diagnostics.Stopwatch.GetElapsedTime(started)))
        {
            _log.Warn("reconciles did not stop within the shutdown bound; the Lease is left to expire");
            IsLeader = false;
            _log.Info("agent stopped");
            _stopping = false;
            return;
        }
        // the release is one request: it gets at most 5 s (or the reserve, when larger) of what is left, so a hanging API
        // server leaves the rest of the bound to the process's own exit
        var left = budget - System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var release = reserve > MaxRelease ? reserve : MaxRelease;
        if (left > release) left = release;
        using var timeout = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        try
        {
            if (_shardLeases is not null)
            {
                await _shardLeases.ReleaseAllAsync(timeout.Token);
                _log.Info("released the shard Leases");
            }
            else if (await _elector.ReleaseAsync(timeout.Token)) _log.Info("released the Lease");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _log.Warn("could not release the Lease within the shutdown bound; it expires by itself");
        }
        IsLeader = false;
        _log.Info("agent stopped");
        _stopping = false;
    }

    private void StartSession()
    {
        lock (_gate)
        {
            if (_session is { IsCompleted: false }) return;
            _sessionStop?.Dispose();
            _sessionAbort?.Dispose();
            _sessionStop = new CancellationTokenSource();
            _sessionAbort = new CancellationTokenSource();
            var (stop, abort) = (_sessionStop.Token, _sessionAbort.Token);
            _session = Task.Run(async () =>
            {
                try
                {
                    await Controller.RunAsync(stop, abort);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.Warn("controller stopped", ("error", e.Message));
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Cancels the workers without waiting (use <see cref="StopAsync"/> for a graceful stop).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _sessionStop?.Cancel();
            _sessionAbort?.Cancel();
            _sessionStop?.Dispose();
            _sessionAbort?.Dispose();
            (_sessionStop, _sessionAbort, _session) = (null, null, null);
        }
    }

    /// <summary>
    /// Stops the session: no more keys taken; reconciles in flight get <paramref name="drain"/> (null = none: cancelled at
    /// once, as when leadership is lost). Returns false when they still had not returned a second after being cancelled.
    /// </summary>
    private async Task<bool> StopSessionAsync(TimeSpan? drain)
    {
        Task? session;
        CancellationTokenSource? stop, abort;
        lock (_gate)
        {
            (session, stop, abort) = (_session, _sessionStop, _sessionAbort);
            (_session, _sessionStop, _sessionAbort) = (null, null, null);
        }
        if (session is null) return true;
        await stop!.CancelAsync();
        if (drain is null)
        {
            // leadership lost: the new leader may already be writing, so in-flight work is cancelled and awaited
            await abort!.CancelAsync();
            await FinishesWithinAsync(session, Timeout.InfiniteTimeSpan);
        }
        else if (!await FinishesWithinAsync(session, drain.Value))
        {
            _log.Warn("reconciles still running at the drain bound; cancelling them");
            await abort!.CancelAsync();
        }
        var done = await FinishesWithinAsync(session, TimeSpan.FromSeconds(1));
        stop.Dispose();
        abort!.Dispose();
        return done;
    }

    private static async Task<bool> FinishesWithinAsync(Task task, TimeSpan limit)
    {
        if (limit == Timeout.InfiniteTimeSpan || limit > TimeSpan.Zero) await Task.WhenAny(task, Task.Delay(limit));
        if (!task.IsCompleted) return false;
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        return true;
    }
}
