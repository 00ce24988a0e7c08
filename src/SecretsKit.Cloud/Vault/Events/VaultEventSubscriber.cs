using System.Net;
using System.Net.WebSockets;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Events;

/// <summary>
/// Opens Vault's event stream: a WebSocket <c>GET /v1/sys/events/subscribe/{eventType}?json=true</c> with the
/// client's own token (<c>X-Vault-Token</c>, from the same auth method, renewed and replaced as a <see cref="VaultClient"/>
/// does), its namespace (<c>X-Vault-Namespace</c>) and its TLS settings (extra CAs, client certificate). The address
/// is the client's: nothing in an event can choose another host.
/// </summary>
public sealed class VaultEventSubscriber : IDisposable
{
    /// <summary>Default largest event accepted; Vault's KV events are a few hundred bytes.</summary>
    public const int DefaultMaxMessageBytes = 64 * 1024;

    private readonly VaultClient _client;
    private readonly VaultTokenSession _session;
    private readonly HttpMessageInvoker _invoker;

    /// <param name="client">The store's Vault client (address, auth, namespace, TLS).</param>
    /// <param name="eventType">The event type or glob (<c>kv*</c>, <c>kv-v2/data-*</c>). <value>Default <c>kv*</c>.</value></param>
    /// <param name="maxMessageBytes">Larger frames are skipped and reported. <value>Default 64 KiB.</value></param>
    public VaultEventSubscriber(VaultClient client, string eventType = "kv*", int maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        if (eventType.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '*' or '_' or '.')))
        {
            throw new ArgumentException($"event type '{eventType}' may hold only letters, digits, '-', '_', '.', '/' and '*'", nameof(eventType));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1024);
        _client = client;
        EventType = eventType;
        MaxMessageBytes = maxMessageBytes;
        _session = new VaultTokenSession(client.Options.Auth, client.Options.Time);
#pragma warning disable CA2000 // owned by _invoker, disposed in Dispose
        _invoker = new HttpMessageInvoker(VaultTls.CreateHandler(client.Options));
#pragma warning restore CA2000
    }

    public string EventType { get; }

    public int MaxMessageBytes { get; }

    /// <summary>The subscription URL, <c>ws(s)://host:port/v1/sys/events/subscribe/{eventType}?json=true</c>.</summary>
    public Uri Endpoint => new UriBuilder(_client.Address)
    {
        Scheme = _client.Address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        Path = "/v1/sys/events/subscribe/" + EventType,
        Query = "json=true",
    }.Uri;

    /// <summary>
    /// Connects. On 401/403 logs in again once (when the auth method can). Throws <see cref="VaultEventsUnavailableException"/>
    /// on 404/405 and <see cref="VaultRequestException"/> for any other refusal or a network failure.
    /// </summary>
    public async Task<VaultEventConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var token = await _session.GetTokenAsync(_client, cancellationToken);
        var (socket, status) = await TryConnectAsync(token, cancellationToken);
        if (socket is null && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            && await _session.ReplaceDeniedAsync(_client, token, cancellationToken) is { } fresh)
        {
            (socket, status) = await TryConnectAsync(fresh, cancellationToken);
        }
        if (socket is not null) return new VaultEventConnection(socket, MaxMessageBytes);
        var where = $"{_client.Address}v1/sys/events/subscribe/{EventType}";
        if (status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            throw new VaultEventsUnavailableException($"vault: {where} answered HTTP {(int)status}: the server offers no event notifications", (int)status);
        }
        throw new VaultRequestException(status == 0
            ? $"vault: event subscription to {where} failed: no WebSocket connection"
            : $"vault: event subscription to {where} failed: HTTP {(int)status}", status == 0 ? null : (int)status);
    }

    private async Task<(ClientWebSocket? Socket, HttpStatusCode Status)> TryConnectAsync(string token, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        socket.Options.SetRequestHeader("X-Vault-Token", token);
        if (!string.IsNullOrEmpty(_client.Options.Namespace)) socket.Options.SetRequestHeader("X-Vault-Namespace", _client.Options.Namespace);
        try
        {
            await socket.ConnectAsync(Endpoint, _invoker, cancellationToken);
            return (socket, HttpStatusCode.SwitchingProtocols);
        }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (null, status);
        }
        catch (HttpRequestException)
        {
            socket.Dispose();
            return (null, 0);
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _session.Dispose();
    }
}
