using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// What /readyz and /healthz answer, from the host's state. Ready: the last election attempt reached the API server
/// and, when leading, every watch cache has listed (a standby is ready but not leading, as client-go reports it); not
/// ready while starting or shutting down. Live: the election loop has completed an attempt, and no reconcile has been
/// running, within <see cref="StallTimeout"/>: a leader whose loop or worker is wedged fails it and is restarted.
/// </summary>
internal sealed class AgentProbes(AgentHost host, TimeProvider time)
{
    /// <summary>The default <see cref="StallTimeout"/>: far above any request timeout, so only a wedged loop reaches it.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How long the election loop or one reconcile may go without finishing before the agent counts as wedged.</summary>
    public TimeSpan StallTimeout { get; set; } = DefaultStallTimeout;

    /// <summary>/readyz: whether the agent is ready, and a one-line reason.</summary>
    public (bool Ok, string Reason) Readiness()
    {
        if (host.Stopping) return (false, "shutting down");
        if (!host.Started) return (false, "starting: no leader election attempt yet");
        if (!host.ApiReachable) return (false, "the Kubernetes API server is unreachable");
        if (!host.IsLeader) return (true, "ok: standby");
        return host.Controller.Session is { HasSynced: true } ? (true, "ok: leading") : (false, "leading: watch caches not synced yet");
    }

    /// <summary>/healthz: whether the agent is making progress, and a one-line reason.</summary>
    public (bool Ok, string Reason) Liveness()
    {
        var since = time.GetUtcNow() - host.LastAttempt;
        if (!host.Stopping && since > StallTimeout)
        {
            return (false, $"the leader election loop has not completed an attempt for {(int)since.TotalSeconds}s");
        }
        if (host.IsLeader && host.Controller.Session is { } session && session.LongestReconcile > StallTimeout)
        {
            return (false, $"a reconcile has been running for {(int)session.LongestReconcile.TotalSeconds}s");
        }
        return (true, "ok");
    }
}
