using SecretsKit.Cloud.Aws.Sqs;

namespace SecretsKit.Agent.ChangeEvents.Sqs;

/// <summary>
/// One SQS queue: long-polled <c>ReceiveMessage</c> (up to 10 messages, <see cref="VisibilitySeconds"/> of visibility:
/// a message not deleted by then is delivered again), each body mapped by <see cref="SecretsManagerEvents"/>, handled
/// messages deleted with <c>DeleteMessageBatch</c>. A delete that fails for one entry (an expired receipt handle) leaves
/// that message to come back and be handled again.
/// </summary>
internal sealed class SqsEventSource(SqsClient client, SqsQueueAddress queue, bool parameterStore, int waitSeconds) : IChangeEventSource
{
    /// <summary>How long a received message stays invisible to other consumers (a replica of another shard included).</summary>
    public const int VisibilitySeconds = 30;

    public async Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct)
    {
        var response = await client.ReceiveMessageAsync(new ReceiveMessageRequest(queue.QueueUrl, 10, waitSeconds, VisibilitySeconds), ct);
        return [.. (response.Messages ?? []).Where(m => m.ReceiptHandle is { Length: > 0 })
            .Select(m => SecretsManagerEvents.Map(m.ReceiptHandle!, m.Body, queue, parameterStore))];
    }

    public async Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var entries = chunk.Select((m, i) => new DeleteMessageBatchEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Handle)).ToList();
            await client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(queue.QueueUrl, entries), ct);
        }
    }

    public void Dispose() => client.Dispose();
}
