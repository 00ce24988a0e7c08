namespace SecretsKit.Cloud.Vault.Events;

/// <summary>One frame read from the event stream: a KV event, or the reason it was dropped (never its content).</summary>
public sealed record VaultEventFrame(VaultKvEvent? Event, string? DroppedReason);
