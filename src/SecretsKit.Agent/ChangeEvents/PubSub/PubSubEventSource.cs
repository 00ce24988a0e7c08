using SecretsKit.Cloud.Gcp.Events;

namespace SecretsKit.Agent.ChangeEvents.PubSub;

/// <summary>
/// One Pub/Sub subscription: <c>pull</c> (up to 10 messages; the server holds the request until one arrives, and the
/// agent ends it after <paramref name="wait"/>, inside one HTTP attempt, as an empty batch), each mapped
/// by <see cref="SecretManagerEvents"/>, handled ones acknowledged. A message left unacknowledged (its keys are another
/// replica's shard) gets its ack deadline set at the next pull (<c>modifyAckDeadline</c>): 0 the first time this source
/// releases it, so the owning replica's pull takes it at once, then 1, 2, 4, … up to <see cref="MaxReleaseSeconds"/> s.
/// Events may name the project by number: the annotation's <c>?projectNumber=</c>, else the number <paramref name="lookup"/>
/// finds (tried again, when it failed, before a pull once its backoff passed; until then events match the project ID only).
/// </summary>
internal sealed class PubSubEventSource(PubSubSubscriber subscriber, string project, string? projectNumber, ProjectNumberLookup? lookup, string? location,
    TimeSpan wait) : IChangeEventSource
{
    /// <summary>How long connecting waits for the first lookup of the project number before pulling without it.</summary>
    private static readonly TimeSpan FirstLookupWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _closed = new();

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
        if (lookup is not null) _ = lookup.Refresh(subscriber.Projects, _closed.Token);
        var number = projectNumber ?? lookup?.Number;
        var received = (await subscriber.PullAsync(10, wait, ct)).Where(m => m.AckId is { Length: > 0 }).ToList();
        foreach (var m in received) _unhandled.Received(m.AckId!, m.Message?.MessageId ?? m.AckId!);
        return [.. received.Select(m => SecretManagerEvents.Map(m.AckId!, m.Message, project, number, location))];
    }

    public Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages) _unhandled.Acknowledged(m.Handle);
        return subscriber.AcknowledgeAsync([.. messages.Select(m => m.Handle)], ct);
    }

    public string? Note => lookup is { Number: null, Problem: { } problem }
        ? $"the number of project {project} is not known ({problem}): events naming the project by number are dropped until it is"
        : null;

    /// <summary>Waits (a few seconds at most) for the project number's lookup, so the first pull already matches by number.</summary>
    public async Task LookUpProjectNumberAsync(CancellationToken ct)
    {
        if (lookup is null) return;
        try
        {
            await lookup.Refresh(subscriber.Projects, _closed.Token).WaitAsync(FirstLookupWait, ct);
        }
        catch (TimeoutException)
        {
            // still under way: the pulls go on without it
        }
    }

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
        subscriber.Dispose();
    }
}
