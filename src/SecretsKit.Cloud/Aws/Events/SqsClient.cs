using SecretsKit.Cloud.Aws.Http;

namespace SecretsKit.Cloud.Aws.Events;

/// <summary>
/// The part of Amazon SQS the agent uses, shaped like AWSSDK.SQS's client: <c>ReceiveMessage</c> (long polling) and
/// <c>DeleteMessageBatch</c> and <c>ChangeMessageVisibilityBatch</c>, over the JSON protocol (<c>X-Amz-Target: AmazonSQS.*</c>,
/// <c>application/x-amz-json-1.0</c>), SigV4 signing name <c>sqs</c>. The endpoint is <c>https://sqs.&lt;region&gt;.amazonaws.com/</c>
/// unless <see cref="AwsClientOptions.Endpoint"/> overrides it (<c>AWS_SQS_ENDPOINT</c>, tests).
/// </summary>
public sealed class SqsClient : IDisposable
{
    private readonly AwsJsonClient _client;

    public SqsClient(AwsClientOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsJsonClient(options, "sqs", "AmazonSQS", "sqs", transport, jsonVersion: "1.0");
    }

    public Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken) =>
        _client.InvokeAsync("ReceiveMessage", request, SqsJsonContext.Default.ReceiveMessageRequest, SqsJsonContext.Default.ReceiveMessageResponse, cancellationToken);

    public Task<DeleteMessageBatchResponse> DeleteMessageBatchAsync(DeleteMessageBatchRequest request, CancellationToken cancellationToken) =>
        _client.InvokeAsync("DeleteMessageBatch", request, SqsJsonContext.Default.DeleteMessageBatchRequest, SqsJsonContext.Default.DeleteMessageBatchResponse,
            cancellationToken);

    public Task<ChangeMessageVisibilityBatchResponse> ChangeMessageVisibilityBatchAsync(ChangeMessageVisibilityBatchRequest request, CancellationToken cancellationToken) =>
        _client.InvokeAsync("ChangeMessageVisibilityBatch", request, SqsJsonContext.Default.ChangeMessageVisibilityBatchRequest,
            SqsJsonContext.Default.ChangeMessageVisibilityBatchResponse, cancellationToken);

    public void Dispose() => _client.Dispose();
}
