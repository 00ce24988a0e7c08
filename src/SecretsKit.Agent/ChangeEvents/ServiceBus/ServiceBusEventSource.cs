using SecretsKit.Cloud.Azure.Events;

namespace SecretsKit.Agent.ChangeEvents.ServiceBus;

/// <summary>
/// One Service Bus queue of Key Vault events: each receive locks one message (long poll of <see cref="WaitSeconds"/>; 1 s for the first, so the subscription shows up at once),
/// maps it with <see cref="KeyVaultEvent"/> (an event for another vault refreshes nothing; a malformed, foreign or
/// oversized one is dropped with its reason) and acknowledging completes it. A message the loop left unacknowledged
/// (another replica's keys) is unlocked at the next receive, so another receiver gets it at once; a completion whose
/// lock was lost (404) is left to the queue, which delivers the message again.
/// </summary>
internal sealed class ServiceBusEventSource(ServiceBusQueueReceiver receiver, Uri vaultUrl) : IChangeEventSource
{
    public const int WaitSeconds = 20;

    private readonly Dictionary<string, ServiceBusReceivedMessage> _locked = new(StringComparer.Ordinal);
    private bool _received;

    public async Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct)
    {
        foreach (var left in _locked.Values.ToList()) await receiver.UnlockAsync(left, ct);
        _locked.Clear();
        // the first receive is short: it shows the queue and the token work, so the store's condition turns True at once
        var wait = TimeSpan.FromSeconds(_received ? WaitSeconds : 1);
        _received = true;
        if (await receiver.ReceiveAsync(wait, ct) is not { } message) return [];
        var handle = $"{message.MessageId}/{message.LockToken:D}";
        _locked[handle] = message;
        if (message.Oversized) return [ChangeMessage.Ignored(handle, $"a message larger than {receiver.MaxMessageBytes} bytes")];
        if (KeyVaultEvent.Parse(message.Body.Span, out var reason) is not { } ev) return [ChangeMessage.Ignored(handle, reason)];
        return ev.IsFor(vaultUrl) ? [new ChangeMessage(handle, ev.StoreKeys())] : [ChangeMessage.Ignored(handle, null)];
    }

    public async Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct)
    {
        foreach (var handled in messages)
        {
            if (!_locked.Remove(handled.Handle, out var message)) continue;
            try
            {
                await receiver.CompleteAsync(message, ct);
            }
            catch (ServiceBusRequestException e) when (e.StatusCode == 404)
            {
                // the lock ran out before completion: the queue delivers the message again and it is handled again
            }
        }
    }

    public void Dispose() => receiver.Dispose();
}
