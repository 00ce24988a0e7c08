namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// One received event: the source's handle to acknowledge it (a receipt handle, an ack id), the remote keys it may have
/// changed (as an ExternalSecret names them: a name, and for AWS also the ARN; matched against what the store's
/// ExternalSecrets read, so a key nobody reads costs nothing), for a message that is dropped, why (bounded, no value),
/// and what the event says of the secret's tags when it carries them (<see cref="TagChange"/>, for tags-only finds).
/// </summary>
internal sealed record ChangeMessage(string Handle, IReadOnlyList<string> Keys, string? Dropped = null, TagChange? Tags = null)
{
    /// <summary>A message that refreshes nothing, with the reason logged for it (null: nothing to log, e.g. a test event).</summary>
    public static ChangeMessage Ignored(string handle, string? reason) => new(handle, [], reason);
}
