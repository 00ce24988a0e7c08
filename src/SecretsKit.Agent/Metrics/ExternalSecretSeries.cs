using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Metrics;

/// <summary>
/// The metric series of one ExternalSecret, updated with <see cref="Interlocked"/>/<see cref="Volatile"/>. Held by the
/// object's state entry (its namespace and name are that entry's strings), so they go when it does.
/// </summary>
internal sealed class ExternalSecretSeries(string ns, string name)
{
    public long Calls;

    public long Errors;

    /// <summary>-1 until the first condition, then 1 (Ready=True) or 0.</summary>
    public int Ready = -1;

    /// <summary>UTC ticks of the last successful sync; 0 = none yet.</summary>
    public long LastSyncTicks;

    public string Namespace => ns;

    public string Name => name;

    public void SyncCall(bool error, DateTimeOffset now)
    {
        Interlocked.Increment(ref Calls);
        if (error) Interlocked.Increment(ref Errors);
        else Interlocked.Exchange(ref LastSyncTicks, now.UtcTicks);
    }

    public void Condition(bool ready) => Volatile.Write(ref Ready, ready ? 1 : 0);
}
