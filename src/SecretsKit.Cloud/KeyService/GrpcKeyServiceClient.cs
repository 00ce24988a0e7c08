using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using SecretsKit.Core.Keys;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cloud.KeyService;

/// <summary>
/// A client of a sops key service: unary gRPC calls over HTTP/2 without TLS (prior knowledge, as sops dials with insecure
/// credentials), on TCP or a unix socket. Connecting (the name looked up, the connection made, and the server's first
/// bytes, its HTTP/2 SETTINGS) gives up after <see cref="ConnectTimeout"/> in all; a service that did not get that far in
/// time is not tried again by this client, so a command with many keys waits for it once. A call on a working
/// connection (the server may ask its user with <c>--prompt</c>) waits up to the call timeout. Every failure is a
/// <see cref="KeyServiceException"/> that names the service's URI.
/// </summary>
public sealed class GrpcKeyServiceClient : IKeyService, IDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a call on a working connection waits for its answer by default.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromMinutes(5);

    private readonly KeyServiceAddress _address;
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Why the service could not be reached in time, once it could not: later calls fail at once with it.</summary>
    private volatile string? _unreachable;

    public GrpcKeyServiceClient(KeyServiceAddress address, TimeSpan? callTimeout = null)
    {
        _address = address;
#pragma warning disable CA2000 // the handler is owned by the HttpClient, disposed with this client
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectCallback = ConnectAsync };
        _base = address.Network == "unix" ? new Uri("http://localhost/") : new UriBuilder("http", address.Host, address.Port).Uri;
        _http = new HttpClient(handler) { Timeout = callTimeout ?? DefaultCallTimeout };
#pragma warning restore CA2000
    }

    public string Name => _address.Uri;

    public Task<byte[]> EncryptAsync(MasterKeyEntry key, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken) =>
        CallAsync(KeyServiceDispatcher.EncryptPath, KeyServiceCodec.EncodeRequest(key, plaintext.Span), cancellationToken);

    public Task<byte[]> DecryptAsync(MasterKeyEntry key, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken) =>
        CallAsync(KeyServiceDispatcher.DecryptPath, KeyServiceCodec.EncodeRequest(key, ciphertext.Span), cancellationToken);

    private async Task<byte[]> CallAsync(string path, byte[] message, CancellationToken cancellationToken)
    {
        if (_unreachable is { } earlier) throw Failed(GrpcStatusCode.Unavailable, $"not tried again: {earlier}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFrame.Wrap(message)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var (status, text) = GrpcStatus.Read(response);
            if (status != GrpcStatusCode.Ok) throw Failed(status, text);
            return KeyServiceCodec.DecodeResponse(GrpcFrame.Unwrap(body));
        }
        catch (KeyServiceException e) when (e.Service is null)
        {
            throw Failed(e.Status, e.Message);
        }
        catch (FormatException e)
        {
            throw Failed(GrpcStatusCode.Internal, $"cannot parse the answer: {e.Message}");
        }
        catch (HttpRequestException e) when (Unreachable(e) is { } unreachable)
        {
            _unreachable = unreachable.Message;
            throw Failed(GrpcStatusCode.Unavailable, unreachable.Message);
        }
        catch (HttpRequestException e)
        {
            throw Failed(GrpcStatusCode.Unavailable, Reason(e));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(GrpcStatusCode.DeadlineExceeded, $"no answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new KeyServiceException(GrpcStatusCode.Unavailable, $"HTTP status {(int)response.StatusCode}: not a gRPC key service");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > GrpcFrame.MaxMessageBytes + 5)
            {
                throw new KeyServiceException(GrpcStatusCode.ResourceExhausted, "the answer is larger than a key service message can be");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private string Prefix => $"key service {_address.Uri}: ";

    private KeyServiceException Failed(GrpcStatusCode status, string message) => new(status, $"{Prefix}{message} ({GrpcStatus.Name(status)})") { Service = _address.Uri };

    private string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (is the key service running?)",
            SocketError.AddressNotAvailable when _address.Network == "unix" => "no socket at that path (is the key service running?)",
            SocketError.AddressNotAvailable or SocketError.HostNotFound => "host not found",
            _ => s.Message,
        },
        { } inner => inner.Message,
        null => e.Message,
    };

    /// <summary>The failure of this client's own connection code among the causes of <paramref name="e"/>, if it is one.</summary>
    private static KeyServiceUnreachableException? Unreachable(Exception e)
    {
        for (var cause = e.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is KeyServiceUnreachableException unreachable) return unreachable;
        }
        return null;
    }

    /// <summary>
    /// Connects within <see cref="ConnectTimeout"/> (the name lookup included) and gives the server what is left of it to
    /// send its first bytes (<see cref="FirstAnswerDeadlineStream"/>).
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var unix = _address.Network == "unix";
#pragma warning disable CA2000 // the socket is disposed on failure and owned by the returned stream on success
        var socket = unix ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ConnectTimeout);
        try
        {
            EndPoint endpoint = unix ? new UnixDomainSocketEndPoint(_address.SocketPath) : context.DnsEndPoint;
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
            var left = ConnectTimeout - TimeProvider.System.GetElapsedTime(started);
            return new FirstAnswerDeadlineStream(new NetworkStream(socket, ownsSocket: true), left,
                $"connected, but the server sent nothing within {ConnectTimeout.TotalSeconds:0} s (is it a key service?)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new KeyServiceUnreachableException($"could not connect within {ConnectTimeout.TotalSeconds:0} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
