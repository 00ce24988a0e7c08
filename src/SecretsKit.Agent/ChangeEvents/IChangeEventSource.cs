namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// One connected change-event subscription of one store (an SQS queue, a Pub/Sub subscription, …), made by its
/// <see cref="IChangeEventSourceKind"/>. The loop (<see cref="ChangeSubscription"/>) calls <see cref="ReceiveAsync"/>
/// again and again; each message it returns names the store's keys it changed (or why it was dropped); once the refreshes
/// are queued, the messages handled are passed to <see cref="AcknowledgeAsync"/>, those that refresh nothing included.
/// A message left unacknowledged (its keys belong to another replica's shard) comes back, as the queue redelivers it.
/// Any exception ends the connection: the loop reports it, waits (backoff) and connects again.
/// </summary>
internal interface IChangeEventSource : IDisposable
{
    /// <summary>
    /// Waits for the next batch (a long poll: returns as soon as a message arrives, or empty after the source's wait).
    /// Messages are mapped to keys here: the source knows its event shapes and checks each against the store's account,
    /// region, project or host, and drops (<see cref="ChangeMessage.Dropped"/>) whatever is malformed, too large or
    /// foreign, naming no secret value.
    /// </summary>
    Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct);

    /// <summary>
    /// What the source cannot do for now although it receives (one bounded line, no value; null when nothing): shown in
    /// the store's <c>ChangeEventsReady</c> condition.
    /// </summary>
    string? Note => null;

    /// <summary>Deletes or acknowledges <paramref name="messages"/> (all of one batch, never empty).</summary>
    Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct);
}
