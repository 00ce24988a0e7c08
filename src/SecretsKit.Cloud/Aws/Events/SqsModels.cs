using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Aws.Events;

/// <summary>SQS <c>ReceiveMessage</c> (JSON protocol): long polling up to 20 s, at most 10 messages.</summary>
public sealed record ReceiveMessageRequest(
    [property: JsonPropertyName("QueueUrl")] string QueueUrl,
    [property: JsonPropertyName("MaxNumberOfMessages")] int MaxNumberOfMessages,
    [property: JsonPropertyName("WaitTimeSeconds")] int WaitTimeSeconds,
    [property: JsonPropertyName("VisibilityTimeout")] int? VisibilityTimeout = null);

public sealed record ReceiveMessageResponse([property: JsonPropertyName("Messages")] IReadOnlyList<SqsMessage>? Messages);

/// <summary>One received message: its id, the receipt handle that deletes it, and its body (an EventBridge event for us).</summary>
public sealed record SqsMessage(
    [property: JsonPropertyName("MessageId")] string? MessageId,
    [property: JsonPropertyName("ReceiptHandle")] string? ReceiptHandle,
    [property: JsonPropertyName("MD5OfBody")] string? Md5OfBody,
    [property: JsonPropertyName("Body")] string? Body);

public sealed record DeleteMessageBatchRequest(
    [property: JsonPropertyName("QueueUrl")] string QueueUrl,
    [property: JsonPropertyName("Entries")] IReadOnlyList<DeleteMessageBatchEntry> Entries);

public sealed record DeleteMessageBatchEntry(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("ReceiptHandle")] string ReceiptHandle);

public sealed record DeleteMessageBatchResponse(
    [property: JsonPropertyName("Successful")] IReadOnlyList<DeleteMessageBatchResultEntry>? Successful,
    [property: JsonPropertyName("Failed")] IReadOnlyList<BatchResultErrorEntry>? Failed);

public sealed record DeleteMessageBatchResultEntry([property: JsonPropertyName("Id")] string? Id);

public sealed record BatchResultErrorEntry(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("Code")] string? Code,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("SenderFault")] bool SenderFault);

/// <summary>SQS <c>ChangeMessageVisibilityBatch</c>: 1-10 entries, each a received message's handle and its new timeout (0 = visible now).</summary>
public sealed record ChangeMessageVisibilityBatchRequest(
    [property: JsonPropertyName("QueueUrl")] string QueueUrl,
    [property: JsonPropertyName("Entries")] IReadOnlyList<ChangeMessageVisibilityBatchEntry> Entries);

public sealed record ChangeMessageVisibilityBatchEntry(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("ReceiptHandle")] string ReceiptHandle,
    [property: JsonPropertyName("VisibilityTimeout")] int VisibilityTimeout);

public sealed record ChangeMessageVisibilityBatchResponse(
    [property: JsonPropertyName("Successful")] IReadOnlyList<DeleteMessageBatchResultEntry>? Successful,
    [property: JsonPropertyName("Failed")] IReadOnlyList<BatchResultErrorEntry>? Failed);

[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResponse))]
[JsonSerializable(typeof(DeleteMessageBatchRequest))]
[JsonSerializable(typeof(DeleteMessageBatchResponse))]
[JsonSerializable(typeof(ChangeMessageVisibilityBatchRequest))]
[JsonSerializable(typeof(ChangeMessageVisibilityBatchResponse))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
