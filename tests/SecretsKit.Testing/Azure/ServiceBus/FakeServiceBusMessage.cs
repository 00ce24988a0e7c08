namespace SecretsKit.Testing.Azure.ServiceBus;

/// <summary>A message held by the Service Bus fake.</summary>
internal sealed class FakeServiceBusMessage(string messageId, long sequenceNumber, byte[] body, string contentType)
{
    public string MessageId { get; } = messageId;

    public long SequenceNumber { get; } = sequenceNumber;

    public byte[] Body { get; } = body;

    public string ContentType { get; } = contentType;

    public DateTimeOffset EnqueuedAt { get; init; }

    public int DeliveryCount { get; set; }

    public Guid? LockToken { get; set; }

    public DateTimeOffset LockedUntil { get; set; }
}
