using Amazon.Runtime;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Aws.Events;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Testing.Aws.Sqs;
using SecretsKit.Testing.Time;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>The SQS client against the SQS fake: what the change-event source relies on (redelivery, receipt handles, missing queues).</summary>
public sealed class SqsFakeProtocolTests
{
    private static SqsClient Client(FakeSqsServer sqs, string secret = "agent-secret") => new(new AwsClientOptions
    {
        Region = "eu-west-1", Credentials = new BasicAWSCredentials("AKIDAGENT", secret), Endpoint = sqs.BaseAddress,
        Retry = new() { MaxRetries = 0 },
    });

    [Fact]
    public async Task A_message_not_deleted_within_its_visibility_timeout_comes_back_with_a_new_handle_and_the_old_handle_is_refused()
    {
        // invisibility runs out only when the test moves this clock, not because a loaded host was slow between calls
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var sqs = await FakeSqsServer.StartAsync(time: clock);
        sqs.ExpectCredentials("AKIDAGENT", "agent-secret");
        sqs.CreateQueue("q");
        using var client = Client(sqs);
        var url = sqs.QueueUrl("q");
        var id = sqs.SendMessage("q", "{}");

        var first = await client.ReceiveMessageAsync(new ReceiveMessageRequest(url, 10, 0, VisibilityTimeout: 1), CancellationToken.None);
        Assert.Equal(id, Assert.Single(first.Messages!).MessageId);
        Assert.Empty((await client.ReceiveMessageAsync(new ReceiveMessageRequest(url, 10, 0), CancellationToken.None)).Messages ?? []);
        // a long poll returns the message once it is visible again (left waiting, it would answer empty after 20 s)
        var polling = client.ReceiveMessageAsync(new ReceiveMessageRequest(url, 10, 20), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await polling;
        var again = Assert.Single(second.Messages!);
        Assert.Equal(id, again.MessageId);
        Assert.NotEqual(first.Messages![0].ReceiptHandle, again.ReceiptHandle);

        var stale = await client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(url, [new("0", first.Messages[0].ReceiptHandle!)]), CancellationToken.None);
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Single(stale.Failed!).Code);
        var ok = await client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(url, [new("0", again.ReceiptHandle!)]), CancellationToken.None);
        Assert.Single(ok.Successful!);
        Assert.Equal(0, sqs.Count("q"));
    }

    [Fact]
    public async Task A_missing_queue_and_a_wrong_signature_are_refused_as_SQS_does()
    {
        await using var sqs = await FakeSqsServer.StartAsync();
        sqs.ExpectCredentials("AKIDAGENT", "agent-secret");
        using var client = Client(sqs);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.ReceiveMessageAsync(new ReceiveMessageRequest(sqs.QueueUrl("nope"), 1, 0), CancellationToken.None));
        Assert.Contains("QueueDoesNotExist", missing.Message + missing.ErrorType, StringComparison.Ordinal);

        sqs.CreateQueue("q");
        using var forged = Client(sqs, "wrong-secret");
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() =>
            forged.ReceiveMessageAsync(new ReceiveMessageRequest(sqs.QueueUrl("q"), 1, 0), CancellationToken.None));
        Assert.Equal(403, refused.StatusCode);
    }
}
