namespace SecretsKit.Agent.Runtime.Queue;

/// <summary>
/// How one reconcile ended: <see cref="Error"/> set = failed (the queue retries with backoff, honouring any Retry-After);
/// otherwise <see cref="RequeueAt"/> is when the object is due again (null = only when a watch event says so).
/// </summary>
internal sealed record ReconcileResult(Exception? Error, DateTimeOffset? RequeueAt)
{
    public static ReconcileResult Done { get; } = new(null, null);

    public static ReconcileResult At(DateTimeOffset? when) => new(null, when);

    public static ReconcileResult Failed(Exception error) => new(error, null);
}
