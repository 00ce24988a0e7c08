using System.Net.WebSockets;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Events;

/// <summary>
/// Keeps a subscription to Vault's event stream open: connects, hands every KV event to the caller, reports dropped
/// frames and every change of state, and after a refusal or a lost connection connects again with exponential
/// backoff (reset once a connection opens). Runs until cancelled.
/// </summary>
public sealed class VaultEventListener(VaultEventSubscriber subscriber, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>First wait after a failure; doubled per consecutive failure. <value>Default 1 s.</value></summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts. <value>Default 1 min.</value></summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <param name="onEvent">Called for each KV event, one at a time, in order.</param>
    /// <param name="onState">Called when the stream comes up or goes down.</param>
    /// <param name="onDropped">Called with the reason for each frame that was skipped.</param>
    /// <param name="cancellationToken">Stops the listener (the returned task then completes without throwing).</param>
    public async Task RunAsync(Func<VaultKvEvent, CancellationToken, Task> onEvent, Action<VaultEventsState> onState,
        Action<string> onDropped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        ArgumentNullException.ThrowIfNull(onState);
        ArgumentNullException.ThrowIfNull(onDropped);
        var backoff = InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            VaultEventsState down;
            try
            {
                await using var connection = await subscriber.ConnectAsync(cancellationToken);
                onState(new VaultEventsState(true, "Subscribed", $"subscribed to {subscriber.Endpoint.GetLeftPart(UriPartial.Path)}"));
                backoff = InitialBackoff;
                while (await connection.ReceiveAsync(cancellationToken) is { } frame)
                {
                    if (frame.Event is { } ev) await onEvent(ev, cancellationToken);
                    else onDropped(frame.DroppedReason ?? "unreadable frame");
                }
                down = new VaultEventsState(false, "ConnectionLost", $"the server closed the event stream ({connection.CloseDescription})");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (VaultEventsUnavailableException ex)
            {
                down = new VaultEventsState(false, "EventsUnavailable", ex.Message);
            }
            catch (VaultRequestException ex)
            {
                down = new VaultEventsState(false, "SubscribeFailed", ex.Message);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException)
            {
                down = new VaultEventsState(false, "ConnectionLost", $"vault: the event stream from {subscriber.Endpoint.GetLeftPart(UriPartial.Authority)} broke: {ex.Message}");
            }
            onState(down);
            try
            {
                await Task.Delay(backoff, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
