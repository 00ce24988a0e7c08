using SecretsKit.Agent.Common;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Coordination;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The agent's main loop: every <see cref="AgentOptions.PassInterval"/> it tries to acquire or renew the leader Lease.
/// While it leads, the controller's watches and workers run (<see cref="AgentController.RunAsync"/>); when it loses the
/// Lease (another holder, or no renewal within the renew deadline) they are stopped. Stopping the host stops the
/// workers first, then releases the Lease so a standby takes over at once.
/// </summary>
internal sealed class AgentHost : IDisposable
{
    private readonly LeaderElector _elector;
    private readonly AgentLog _log;
    private readonly TimeProvider _time;
    private readonly AgentOptions _options;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _sessionStop;
    private Task? _session;
    private DateTimeOffset _lastRenew;

    public AgentHost(KubernetesClient kube, AgentOptions options, ProviderOptions providerOptions, string identity, string leaseNamespace, AgentLog log, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options;
        _log = log;
        Metrics = new AgentMetrics(_time);
        Controller = new AgentController(kube, options, new ProviderFactory(kube, providerOptions with { Time = _time }), Metrics, _time)
        {
            OnError = (what, e) => _log.Warn(what, ("error", e.Message)),
        };
        _elector = new LeaderElector(kube, new LeaderElectionConfig(leaseNamespace, "secretskit-agent-leader", identity), _time);
    }

    public AgentController Controller { get; }

    public AgentMetrics Metrics { get; }

    /// <summary>Whether the last election attempt left this instance holding the Lease.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>True once the first election attempt completed (leader or standby).</summary>
    public bool Ready { get; private set; }

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
        bool leader;
        try
        {
            leader = await _elector.TryAcquireOrRenewAsync(ct);
            if (leader) _lastRenew = _time.GetUtcNow();
        }
        catch (Exception e) when (e is Kubernetes.Errors.KubernetesApiException or HttpRequestException or TimeoutException)
        {
            _log.Warn("leader election failed", ("error", e.Message));
            // keep leading until the renew deadline passes: a blip must not stop the workers
            leader = IsLeader && _time.GetUtcNow() - _lastRenew <= _elector.Config.RenewDeadline;
        }
        Ready = true;
        if (leader != IsLeader) _log.Info(leader ? "became leader" : "lost leadership");
        IsLeader = leader;
        if (leader) StartSession();
        else await StopSessionAsync();
        return leader;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        _log.Info("agent started", ("namespace", _options.Namespace ?? "*"),
            ("concurrency", _options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("clusterSecretStores", _options.ClusterStoreReconciler ? "true" : "false"));
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
                await Task.Delay(_options.PassInterval, _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await StopAsync();
    }

    /// <summary>Graceful stop: stop the workers (in-flight reconciles are cancelled), then give up the Lease.</summary>
    public async Task StopAsync()
    {
        await StopSessionAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _elector.ReleaseAsync(timeout.Token);
        IsLeader = false;
        _log.Info("agent stopped");
    }

    private void StartSession()
    {
        lock (_gate)
        {
            if (_session is { IsCompleted: false }) return;
            _sessionStop?.Dispose();
            _sessionStop = new CancellationTokenSource();
            var token = _sessionStop.Token;
            _session = Task.Run(async () =>
            {
                try
                {
                    await Controller.RunAsync(token);
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
            _sessionStop?.Dispose();
            _sessionStop = null;
            _session = null;
        }
    }

    private async Task StopSessionAsync()
    {
        Task? session;
        CancellationTokenSource? stop;
        lock (_gate)
        {
            session = _session;
            stop = _sessionStop;
            _session = null;
            _sessionStop = null;
        }
        if (session is null) return;
        await stop!.CancelAsync();
        try
        {
            await session;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }
}
