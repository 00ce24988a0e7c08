using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Coordination;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The agent's main loop: every <see cref="AgentOptions.PassInterval"/> it tries to acquire or renew the leader Lease
/// and, only while leader, runs a reconcile pass. Stopping releases the Lease so a standby takes over at once.
/// </summary>
internal sealed class AgentHost
{
    private readonly LeaderElector _elector;
    private readonly AgentLog _log;
    private readonly TimeProvider _time;
    private readonly AgentOptions _options;

    public AgentHost(KubernetesClient kube, AgentOptions options, ProviderOptions providerOptions, string identity, string leaseNamespace, AgentLog log, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options;
        _log = log;
        Metrics = new AgentMetrics(_time);
        Controller = new AgentController(kube, options, new ProviderFactory(kube, providerOptions with { Time = _time }), Metrics, _time);
        _elector = new LeaderElector(kube, new LeaderElectionConfig(leaseNamespace, "secretskit-agent-leader", identity), _time);
    }

    public AgentController Controller { get; }

    public AgentMetrics Metrics { get; }

    /// <summary>Whether the last election attempt left this instance holding the Lease.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>True once the first pass (or the first standby check) completed.</summary>
    public bool Ready { get; private set; }

    /// <summary>One election attempt and, when leader, one reconcile pass. Returns whether a pass ran.</summary>
    public async Task<bool> TickAsync(CancellationToken ct)
    {
        bool leader;
        try
        {
            leader = await _elector.TryAcquireOrRenewAsync(ct);
        }
        catch (Kubernetes.Errors.KubernetesApiException e)
        {
            _log.Warn("leader election failed", ("error", e.Message));
            return false;
        }
        Ready = true;
        IsLeader = leader;
        if (!leader) return false;
        await Controller.RunPassAsync(ct);
        return true;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        _log.Info("agent started", ("namespace", _options.Namespace ?? "*"), ("concurrency", _options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)));
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
                    _log.Warn("reconcile pass failed", ("error", e.Message));
                }
                await Task.Delay(_options.PassInterval, _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await StopAsync();
    }

    /// <summary>Graceful stop: give up the Lease so another instance takes over without waiting for expiry.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _elector.ReleaseAsync(timeout.Token);
        IsLeader = false;
        _log.Info("agent stopped");
    }
}
