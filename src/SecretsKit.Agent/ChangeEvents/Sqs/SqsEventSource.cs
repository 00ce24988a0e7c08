using System.Globalization;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Aws.Events;

namespace SecretsKit.Agent.ChangeEvents.Sqs;

/// <summary>
/// One SQS queue: long-polled <c>ReceiveMessage</c> (up to 10 messages, <see cref="VisibilitySeconds"/> of visibility:
/// a message not deleted by then is delivered again), each body mapped by <see cref="SecretsManagerEvents"/>, handled
/// messages deleted with <c>DeleteMessageBatch</c>. A delete that fails for one entry (an expired receipt handle) leaves
/// that message to come back and be handled again. A message left unhandled (its keys are another replica's shard) is
/// made visible again at the next receive (<c>ChangeMessageVisibilityBatch</c>), at once the first time this source
/// releases it and then after 1, 2, 4, … up to <see cref="VisibilitySeconds"/> seconds, so the owning replica's long
/// poll takes it without waiting out the visibility timeout and this one does not spin on it.
/// </summary>
internal sealed class SqsEventSource(SqsClient client, SqsQueueAddress queue, bool parameterStore, int waitSeconds) : IChangeEventSource
{
    /// <summary>How long a received message stays invisible to other consumers (a replica of another shard included).</summary>
    public const int VisibilitySeconds = 30;

    private readonly UnhandledMessages _unhandled = new(VisibilitySeconds);

    public async Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct)
    {
        await ReleaseUnhandledAsync(ct);
        var response = await client.ReceiveMessageAsync(new ReceiveMessageRequest(queue.QueueUrl, 10, waitSeconds, VisibilitySeconds), ct);
        var received = (response.Messages ?? []).Where(m => m.ReceiptHandle is { Length: > 0 }).ToList();
        foreach (var m in received) _unhandled.Received(m.ReceiptHandle!, m.MessageId ?? m.ReceiptHandle!);
        return [.. received.Select(m => SecretsManagerEvents.Map(m.ReceiptHandle!, m.Body, queue, parameterStore))];
    }

    public async Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages) _unhandled.Acknowledged(m.Handle);
        foreach (var chunk in messages.Chunk(10))
        {
            var entries = chunk.Select((m, i) => new DeleteMessageBatchEntry(i.ToString(CultureInfo.InvariantCulture), m.Handle)).ToList();
            await client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(queue.QueueUrl, entries), ct);
        }
    }

    /// <summary>The visibility a message gets when released for the <paramref name="times"/>-th time (1 = first): 0, 1, 2, 4, … 30 s.</summary>
    internal static int ReleaseVisibility(int times) => UnhandledMessages.Delay(times, VisibilitySeconds);

    private async Task ReleaseUnhandledAsync(CancellationToken ct)
    {
        foreach (var chunk in _unhandled.TakeReleases().Chunk(10))
        {
            var entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchEntry(i.ToString(CultureInfo.InvariantCulture), m.Handle, m.Seconds)).ToList();
            // a failed entry (its handle expired) is already visible again: nothing to do
            await client.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest(queue.QueueUrl, entries), ct);
        }
    }

    public void Dispose() => client.Dispose();
}
