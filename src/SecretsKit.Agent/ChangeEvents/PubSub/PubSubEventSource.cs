using SecretsKit.Cloud.Gcp.PubSub;

namespace SecretsKit.Agent.ChangeEvents.PubSub;

/// <summary>
/// One Pub/Sub subscription: <c>pull</c> (up to 10 messages; the server holds the request until one arrives, and the
/// agent ends it after <paramref name="wait"/>, inside one HTTP attempt, as an empty batch), each mapped
/// by <see cref="SecretManagerEvents"/>, handled ones acknowledged. A message left unacknowledged (its keys are another
/// replica's shard) gets its ack deadline set at the next pull (<c>modifyAckDeadline</c>): 0 the first time this source
/// releases it, so the owning replica's pull takes it at once, then 1, 2, 4, … up to <see cref="MaxReleaseSeconds"/> s.
/// </summary>
internal sealed class PubSubEventSource(PubSubSubscriber subscriber, string project, string? projectNumber, string? location, TimeSpan wait) : IChangeEventSource
{
    /// <summary>The longest ack deadline a released message gets.</summary>
    public const int MaxReleaseSeconds = 30;

    private readonly UnhandledMessages _unhandled = new(MaxReleaseSeconds);

    public async Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct)
    {
        // an ack id that expired meanwhile is accepted and changes nothing (the message is deliverable again anyway)
        foreach (var group in _unhandled.TakeReleases().GroupBy(m => m.Seconds))
        {
            foreach (var chunk in group.Chunk(1000)) await subscriber.ModifyAckDeadlineAsync([.. chunk.Select(m => m.Handle)], group.Key, ct);
        }
        var received = (await subscriber.PullAsync(10, wait, ct)).Where(m => m.AckId is { Length: > 0 }).ToList();
        foreach (var m in received) _unhandled.Received(m.AckId!, m.Message?.MessageId ?? m.AckId!);
        return [.. received.Select(m => SecretManagerEvents.Map(m.AckId!, m.Message, project, projectNumber, location))];
    }

    public Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages) _unhandled.Acknowledged(m.Handle);
        return subscriber.AcknowledgeAsync([.. messages.Select(m => m.Handle)], ct);
    }

    public void Dispose() => subscriber.Dispose();
}
