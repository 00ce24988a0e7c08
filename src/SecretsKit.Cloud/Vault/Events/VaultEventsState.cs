namespace SecretsKit.Cloud.Vault.Events;

/// <summary>
/// Whether the event stream is up, with a one-word reason (<c>Subscribed</c>, <c>EventsUnavailable</c>,
/// <c>SubscribeFailed</c>, <c>ConnectionLost</c>) and a one-line message that names the server but no secret.
/// </summary>
public sealed record VaultEventsState(bool Up, string Reason, string Message);
