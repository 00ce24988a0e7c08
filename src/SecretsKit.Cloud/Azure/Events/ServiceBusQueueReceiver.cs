using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;

namespace SecretsKit.Cloud.Azure.Events;

/// <summary>
/// Receives from one Service Bus queue over its REST API with peek-lock: <c>POST {queue}/messages/head?timeout=S</c>
/// (201 with the message and its <c>BrokerProperties</c>, 204 when none arrived in time), complete with
/// <c>DELETE {queue}/messages/{messageId}/{lockToken}</c>, give back with <c>PUT</c> on the same path. Authenticates
/// with an Entra ID token for <c>https://servicebus.azure.net/.default</c>. Every URL is built from the
/// <see cref="ServiceBusQueueAddress"/> alone; the response's <c>Location</c> is never followed. With the operator's
/// endpoint override (the SDK's <c>CustomEndpointAddress</c>: a gateway or private address), requests are sent to that
/// address instead, still naming the namespace as their host (the <c>Host</c> header, and the TLS server name it sets).
/// </summary>
public sealed class ServiceBusQueueReceiver : IDisposable
{
    /// <summary>The scope of the Entra ID token Service Bus accepts.</summary>
    public const string Scope = "https://servicebus.azure.net/.default";

    /// <summary>The endpoint override key in <c>ProviderContext.Endpoints</c> (the agent's <c>AZURE_SERVICEBUS_ENDPOINT</c>).</summary>
    public const string EndpointKey = "servicebus";

    /// <summary>Default body budget: the largest message of the Standard tier.</summary>
    public const int DefaultMaxMessageBytes = 256 * 1024;

    private const int MaxBrokerPropertiesChars = 16 * 1024;
    private readonly TokenCredential _credential;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Uri? _sendTo;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private AccessToken? _token;

    /// <param name="address">The queue.</param>
    /// <param name="credential">The store's Azure credential.</param>
    /// <param name="handler">The transport (tests point it at a fake); not disposed. <value>Default a new handler.</value></param>
    /// <param name="time">Clock for token expiry. <value>Default system.</value></param>
    /// <param name="maxMessageBytes">Larger bodies are not read; the message is marked oversized. <value>Default 256 KiB.</value></param>
    /// <param name="sendTo">The operator's endpoint override (http or https, path ignored). <value>Default the namespace's own endpoint.</value></param>
    public ServiceBusQueueReceiver(ServiceBusQueueAddress address, TokenCredential credential, HttpMessageHandler? handler = null,
        TimeProvider? time = null, int maxMessageBytes = DefaultMaxMessageBytes, Uri? sendTo = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1024);
        Address = address;
        MaxMessageBytes = maxMessageBytes;
        _credential = credential;
        _time = time ?? TimeProvider.System;
        _sendTo = sendTo is null ? null : new Uri(sendTo.GetLeftPart(UriPartial.Authority) + "/");
#pragma warning disable CA2000 // a handler we create is owned (and disposed) by _http
        _http = handler is null ? new HttpClient(new SocketsHttpHandler()) : new HttpClient(handler, disposeHandler: false);
#pragma warning restore CA2000
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public ServiceBusQueueAddress Address { get; }

    public int MaxMessageBytes { get; }

    /// <summary>Locks and returns the next message, waiting up to <paramref name="wait"/> (1-55 s) for one; null when none came.</summary>
    public async Task<ServiceBusReceivedMessage?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 55);
        using var request = await RequestAsync(HttpMethod.Post, $"{Queue}/messages/head?timeout={seconds.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        request.Content = new ByteArrayContent([]);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
        using var response = await SendAsync(request, "receive", HttpCompletionOption.ResponseHeadersRead, attempt.Token);
        if (response.StatusCode == HttpStatusCode.NoContent) return null;
        if (response.StatusCode != HttpStatusCode.Created) throw Failure("receive", response.StatusCode);
        var (messageId, lockToken, sequence, deliveries) = ReadBrokerProperties(response);
        var (body, oversized) = await ReadBodyAsync(response.Content, attempt.Token);
        return new ServiceBusReceivedMessage(body, messageId, lockToken, sequence, deliveries, oversized);
    }

    /// <summary>Completes (deletes) a locked message. Throws with status 404 when the lock was lost (it expired or was settled).</summary>
    public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        SettleAsync(HttpMethod.Delete, "complete", message, cancellationToken);

    /// <summary>Gives a locked message back for another delivery now (its delivery count grows).</summary>
    public Task UnlockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        SettleAsync(HttpMethod.Put, "unlock", message, cancellationToken);

    private string Queue => Uri.EscapeDataString(Address.Queue);

    private async Task SettleAsync(HttpMethod method, string operation, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = $"{Queue}/messages/{Uri.EscapeDataString(message.MessageId)}/{message.LockToken:D}";
        using var request = await RequestAsync(method, path, cancellationToken);
        if (method == HttpMethod.Put) request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, operation, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw Failure(operation, response.StatusCode);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string relative, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_sendTo ?? Address.Endpoint, relative));
        if (_sendTo is not null) request.Headers.Host = Address.Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ServiceBusRequestException($"servicebus: {operation} on {Address} failed: {ex.Message}", null, ex);
        }
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not { } token || token.ExpiresOn - _time.GetUtcNow() < TimeSpan.FromMinutes(5))
            {
                token = await _credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
                _token = token;
            }
            return token.Token;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    private (string MessageId, Guid LockToken, long Sequence, int Deliveries) ReadBrokerProperties(HttpResponseMessage response)
    {
        var text = response.Headers.TryGetValues("BrokerProperties", out var values) ? string.Join(",", values) : null;
        if (text is null || text.Length > MaxBrokerPropertiesChars) throw Malformed("no usable BrokerProperties header");
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
            var root = json.RootElement;
            var messageId = root.TryGetProperty("MessageId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var lockText = root.TryGetProperty("LockToken", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (string.IsNullOrEmpty(messageId) || messageId.Length > 128 || !Guid.TryParseExact(lockText, "D", out var lockToken))
            {
                throw Malformed("BrokerProperties without a MessageId (1-128 characters) and a LockToken GUID");
            }
            var sequence = root.TryGetProperty("SequenceNumber", out var s) && s.TryGetInt64(out var n) ? n : 0;
            var deliveries = root.TryGetProperty("DeliveryCount", out var d) && d.TryGetInt32(out var c) ? c : 1;
            return (messageId, lockToken, sequence, deliveries);
        }
        catch (JsonException)
        {
            throw Malformed("BrokerProperties is not JSON");
        }
    }

    private async Task<(ReadOnlyMemory<byte> Body, bool Oversized)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxMessageBytes) return (ReadOnlyMemory<byte>.Empty, true);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxMessageBytes + 1];
        var count = 0;
        int read;
        while (count < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken)) > 0) count += read;
        return count > MaxMessageBytes ? (ReadOnlyMemory<byte>.Empty, true) : (buffer.AsMemory(0, count), false);
    }

    private ServiceBusRequestException Failure(string operation, HttpStatusCode status) => new(
        $"servicebus: {operation} on {Address} failed: HTTP {(int)status}" + (int)status switch
        {
            401 => " (the token was refused: wrong audience, expired, or no \"Azure Service Bus Data Receiver\" role)",
            404 => " (no such message or lock: the lock expired or the message was settled)",
            410 => " (the queue does not exist)",
            _ => "",
        }, (int)status);

    private ServiceBusRequestException Malformed(string what) => new($"servicebus: receive on {Address} returned {what}", 201);

    public void Dispose()
    {
        _http.Dispose();
        _tokenGate.Dispose();
    }
}
