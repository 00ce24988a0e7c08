namespace SecretsKit.Agent.Metrics;

/// <summary>The metric series of one ExternalSecret, updated with <see cref="Interlocked"/>/<see cref="Volatile"/>.</summary>
internal sealed class ExternalSecretSeries
{
    public long Calls;

    public long Errors;

    /// <summary>-1 until the first condition, then 1 (Ready=True) or 0.</summary>
    public int Ready = -1;

    /// <summary>UTC ticks of the last successful sync; 0 = none yet.</summary>
    public long LastSyncTicks;
}
