using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Vault.Events;

namespace SecretsKit.Testing.Vault;

/// <summary>
/// Vault Enterprise's event notifications: <c>GET /v1/sys/events/subscribe/{pattern}?json=true</c> upgraded to a
/// WebSocket (a valid token required, as for any call; a plain GET gets 426, another method 405, an empty pattern or a
/// bad <c>json</c> value 400, and with <see cref="EventsEnabled"/> off 404 as on a server without events). Every KV
/// write the fake takes (HTTP or the test helpers) is published to each subscriber whose pattern matches its event
/// type. With <see cref="EventsPolicy"/> set, a token other than the root token is checked as Vault checks it (403 at
/// connection without <c>read</c> on the subscribe path; events it may not <c>subscribe</c> to left out). Operation name:
/// <c>events-subscribe</c>.
/// </summary>
public sealed partial class FakeVaultServer
{
    private const string SubscribePrefix = "sys/events/subscribe/";
    private readonly List<EventSubscriber> _subscribers = [];
    private readonly List<string> _patterns = [];

    private sealed record EventSubscriber(string Pattern, Channel<(string? Text, byte[]? Binary)> Frames, CancellationTokenSource Drop, VaultEventsPolicy? Policy)
    {
        public bool Abort { get; set; }
    }

    /// <summary>Whether the server offers events (Enterprise ≥ 1.16). <value>Default true.</value></summary>
    public bool EventsEnabled { get; set; } = true;

    /// <summary>The ACL of every token but the root token for event subscriptions; null (default): everything allowed.</summary>
    public VaultEventsPolicy? EventsPolicy { get; set; }

    /// <summary>Events left out because the subscriber's policy does not allow them.</summary>
    public int EventsWithheld
    {
        get
        {
            lock (_gate) return _withheld;
        }
    }

    private int _withheld;

    /// <summary>Open event subscriptions right now.</summary>
    public int EventSubscriberCount
    {
        get
        {
            lock (_gate) return _subscribers.Count;
        }
    }

    /// <summary>The pattern of every subscription accepted so far, in order.</summary>
    public IReadOnlyList<string> EventSubscriptionPatterns
    {
        get
        {
            lock (_gate) return [.. _patterns];
        }
    }

    /// <summary>Ends every open subscription: a TCP reset (<paramref name="abort"/>, default) or a close frame (1001, going away).</summary>
    public void DropEventConnections(bool abort = true)
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                s.Abort = abort;
                s.Drop.Cancel();
            }
        }
    }

    /// <summary>Sends <paramref name="text"/> as one text frame to every subscriber, whatever its pattern (hostile-input tests).</summary>
    public void PublishRawEvent(string text) => Publish(null, null, (text, null));

    /// <summary>Sends one binary frame to every subscriber.</summary>
    public void PublishRawBinaryEvent(byte[] bytes) => Publish(null, null, (null, bytes));

    /// <summary>Publishes a KV event; <paramref name="path"/> and <paramref name="dataPath"/> include the mount.</summary>
    private void PublishKvEvent(string eventType, string mount, string path, string? dataPath = null, int? version = null) =>
        Publish(eventType, dataPath, (VaultEventJson.Kv(eventType, mount, path, dataPath, version, _time.GetUtcNow()), null));

    private void Publish(string? eventType, string? dataPath, (string? Text, byte[]? Binary) frame)
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                if (eventType is not null && !VaultEventGlob.Matches(s.Pattern, eventType)) continue;
                if (eventType is not null && s.Policy is { } policy && !policy.MayReceive(dataPath, eventType)) _withheld++;
                else s.Frames.Writer.TryWrite(frame);
            }
        }
    }

    private async Task EventsSubscribeAsync(HttpContext context, string path, string token)
    {
        if (!EventsEnabled)
        {
            await ErrorAsync(context, 404, "unsupported path");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await ErrorAsync(context, 405, "unsupported operation");
            return;
        }
        var pattern = path[SubscribePrefix.Length..].Trim();
        var json = context.Request.Query["json"].ToString();
        if (pattern.Length == 0 || (json.Length > 0 && !bool.TryParse(json, out _)))
        {
            await ErrorAsync(context, 400, pattern.Length == 0 ? "did not specify eventType to subscribe to" : $"invalid parameter for JSON: {json}");
            return;
        }
        if (json.Length == 0 || !bool.Parse(json))
        {
            await ErrorAsync(context, 400, "this fake sends JSON events only (json=true)");
            return;
        }
        var policy = token == RootToken ? null : EventsPolicy;
        if (policy is not null && !policy.MayConnect(path))
        {
            await ErrorAsync(context, 403, "permission denied");
            return;
        }
        if (WebSocketHandshake.Check(context) is { } refused)
        {
            await ErrorAsync(context, refused.Status, refused.Error);
            return;
        }
        using var socket = await WebSocketHandshake.AcceptAsync(context);
        using var drop = new CancellationTokenSource();
        var subscriber = new EventSubscriber(pattern, Channel.CreateUnbounded<(string?, byte[]?)>(), drop, policy);
        lock (_gate)
        {
            _subscribers.Add(subscriber);
            _patterns.Add(pattern);
        }
        try
        {
            await ServeAsync(socket, subscriber, context);
        }
        finally
        {
            lock (_gate) _subscribers.Remove(subscriber);
        }
    }

    private static async Task ServeAsync(WebSocket socket, EventSubscriber subscriber, HttpContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(subscriber.Drop.Token, context.RequestAborted);
        var reader = ReadUntilCloseAsync(socket, stop, context.RequestAborted);
        try
        {
            await foreach (var (text, binary) in subscriber.Frames.Reader.ReadAllAsync(stop.Token))
            {
                var bytes = text is null ? binary! : Encoding.UTF8.GetBytes(text);
                await socket.SendAsync(bytes, text is null ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // Dropped on demand, or the client went away.
        }
        if (subscriber.Drop.IsCancellationRequested && subscriber.Abort)
        {
            context.Abort();
        }
        else if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
            }
        }
        await reader;
    }

    /// <summary>Vault reads nothing from subscribers but their close frame; stops the sender when one arrives.</summary>
    private static async Task ReadUntilCloseAsync(WebSocket socket, CancellationTokenSource stop, CancellationToken aborted)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
        }
        try
        {
            await stop.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
