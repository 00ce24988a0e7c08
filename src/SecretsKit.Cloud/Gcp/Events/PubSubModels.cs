using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Gcp.Events;

/// <summary><c>subscriptions.pull</c>'s body: at most <c>maxMessages</c>; without <c>returnImmediately</c> the server waits for a message.</summary>
internal sealed record PubSubPullRequest([property: JsonPropertyName("maxMessages")] int MaxMessages);

internal sealed record PubSubPullResponse([property: JsonPropertyName("receivedMessages")] IReadOnlyList<PubSubReceivedMessage>? ReceivedMessages);

/// <summary>One pulled message: the ack id that acknowledges it, and the message.</summary>
public sealed record PubSubReceivedMessage(
    [property: JsonPropertyName("ackId")] string? AckId,
    [property: JsonPropertyName("message")] PubSubMessage? Message,
    [property: JsonPropertyName("deliveryAttempt")] int? DeliveryAttempt);

/// <summary>A Pub/Sub message: base64 <c>data</c> and string <c>attributes</c>.</summary>
public sealed record PubSubMessage(
    [property: JsonPropertyName("data")] string? Data,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string>? Attributes,
    [property: JsonPropertyName("messageId")] string? MessageId);

internal sealed record PubSubAcknowledgeRequest([property: JsonPropertyName("ackIds")] IReadOnlyList<string> AckIds);

/// <summary><c>subscriptions.modifyAckDeadline</c>'s body: the ack ids and their new deadline (0-600 s; 0 = deliverable again now).</summary>
internal sealed record PubSubModifyAckDeadlineRequest(
    [property: JsonPropertyName("ackIds")] IReadOnlyList<string> AckIds,
    [property: JsonPropertyName("ackDeadlineSeconds")] int AckDeadlineSeconds);

internal sealed record PubSubEmpty;

[JsonSerializable(typeof(PubSubPullRequest))]
[JsonSerializable(typeof(PubSubPullResponse))]
[JsonSerializable(typeof(PubSubAcknowledgeRequest))]
[JsonSerializable(typeof(PubSubModifyAckDeadlineRequest))]
[JsonSerializable(typeof(PubSubEmpty))]
internal sealed partial class PubSubJsonContext : JsonSerializerContext;
