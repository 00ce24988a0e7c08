namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// What the agent last wrote for an ExternalSecret: used for scheduling and drift repair without provider calls.
/// <see cref="Resumed"/>: rebuilt after a restart from the status and the live Secret rather than from a fetch.
/// </summary>
internal sealed record SyncState(
    DateTimeOffset LastSync,
    long Generation,
    string? ForceSync,
    string TargetName,
    DesiredSecret Desired,
    bool Resumed = false);
