namespace SecretsKit.Cloud.Azure.Events;

/// <summary>
/// A message received under a peek-lock: its body (empty when <see cref="Oversized"/>: larger than the receiver's
/// budget, so not read), the broker's ids for settling it, and how often it has been delivered.
/// </summary>
public sealed record ServiceBusReceivedMessage(
    ReadOnlyMemory<byte> Body, string MessageId, Guid LockToken, long SequenceNumber, int DeliveryCount, bool Oversized);
