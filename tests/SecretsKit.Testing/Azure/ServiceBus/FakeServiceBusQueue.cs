namespace SecretsKit.Testing.Azure.ServiceBus;

/// <summary>
/// One queue of the Service Bus fake: messages in sequence order, each either available or locked until a time;
/// a lock that runs out makes the message available again, and a message delivered more than
/// <see cref="MaxDeliveryCount"/> times moves to the dead-letter list. Callers hold the fake's lock.
/// </summary>
internal sealed class FakeServiceBusQueue(TimeSpan lockDuration, int maxDeliveryCount)
{
    private long _sequence;

    public TimeSpan LockDuration { get; } = lockDuration;

    public int MaxDeliveryCount { get; } = maxDeliveryCount;

    public List<FakeServiceBusMessage> Messages { get; } = [];

    public List<FakeServiceBusMessage> DeadLetters { get; } = [];

    public int Completed { get; set; }

    public FakeServiceBusMessage Add(string messageId, byte[] body, string contentType)
    {
        var message = new FakeServiceBusMessage(messageId, ++_sequence, body, contentType);
        Messages.Add(message);
        return message;
    }

    /// <summary>The first message not locked at <paramref name="now"/>, locked for this receiver; null when none.</summary>
    public FakeServiceBusMessage? TakeNext(DateTimeOffset now)
    {
        while (true)
        {
            var next = Messages.Find(m => m.LockToken is null || m.LockedUntil <= now);
            if (next is null) return null;
            if (next.DeliveryCount >= MaxDeliveryCount)
            {
                Messages.Remove(next);
                DeadLetters.Add(next);
                continue;
            }
            next.DeliveryCount++;
            next.LockToken = Guid.NewGuid();
            next.LockedUntil = now + LockDuration;
            return next;
        }
    }

    /// <summary>The message <paramref name="messageId"/> locked by <paramref name="lockToken"/> with the lock still held at <paramref name="now"/>.</summary>
    public FakeServiceBusMessage? Locked(string messageId, Guid lockToken, DateTimeOffset now) =>
        Messages.Find(m => m.MessageId == messageId && m.LockToken == lockToken && m.LockedUntil > now);
}
