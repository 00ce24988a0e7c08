using SecretsKit.Cloud.Gcp.PubSub;

namespace SecretsKit.Agent.ChangeEvents.PubSub;

/// <summary>
/// One Pub/Sub subscription: <c>pull</c> (up to 10 messages; the server holds the request until one arrives, and the
/// agent ends it after <paramref name="wait"/>, inside one HTTP attempt, as an empty batch), each mapped
/// by <see cref="SecretManagerEvents"/>, handled ones acknowledged. A message left unacknowledged is delivered again after
/// the subscription's ack deadline.
/// </summary>
internal sealed class PubSubEventSource(PubSubSubscriber subscriber, string project, string? projectNumber, string? location, TimeSpan wait) : IChangeEventSource
{
    public async Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct) =>
        [.. (await subscriber.PullAsync(10, wait, ct)).Where(m => m.AckId is { Length: > 0 })
            .Select(m => SecretManagerEvents.Map(m.AckId!, m.Message, project, projectNumber, location))];

    public Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct) =>
        subscriber.AcknowledgeAsync([.. messages.Select(m => m.Handle)], ct);

    public void Dispose() => subscriber.Dispose();
}
