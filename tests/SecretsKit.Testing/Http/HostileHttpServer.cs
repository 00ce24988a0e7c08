using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SecretsKit.Testing.Http;

/// <summary>
/// A server on 127.0.0.1 (HTTP/1.1, plain or TLS) that answers every request the same hostile way a tenant could aim
/// the agent at: a redirect (to the instance metadata address, say), or a 200 whose body never ends (chunked, streamed
/// until the client stops reading or 2 GiB have gone). It counts requests and bytes, and notices when the client hung
/// up in the middle of a body, so a test can show that a client stopped at its budget instead of reading on.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    /// <summary>How much an endless body sends at most if the client never stops: 2 GiB.</summary>
    public const long EndlessLimit = 2L << 30;

    private const int Chunk = 64 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly TaskCompletionSource _clientStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _location;
    private readonly long? _announced;
    private readonly X509Certificate2? _certificate;
    private readonly ConcurrentBag<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;
    private long _bodyBytes;
    private int _connectionCount;

    private HostileHttpServer(string? location, X509Certificate2? certificate, long? announced = null)
    {
        _location = location;
        _certificate = certificate;
        _announced = announced;
    }

    /// <summary>Answers every request <c>302 Found</c> with <c>Location: <paramref name="location"/></c>.</summary>
    public static HostileHttpServer Redirect(string location, X509Certificate2? certificate = null) => Start(new HostileHttpServer(location, certificate));

    /// <summary>Answers every request <c>200 OK</c> with a JSON-looking chunked body that does not end.</summary>
    public static HostileHttpServer EndlessBody(X509Certificate2? certificate = null) => Start(new HostileHttpServer(null, certificate));

    /// <summary>As <see cref="EndlessBody"/>, but the body is announced with <c>Content-Length: <paramref name="length"/></c> and sent plain.</summary>
    public static HostileHttpServer AnnouncedBody(long length, X509Certificate2? certificate = null) => Start(new HostileHttpServer(null, certificate, length));

    private static HostileHttpServer Start(HostileHttpServer server)
    {
        server._listener.Start();
        server._accepting = server.AcceptLoopAsync();
        return server;
    }

    /// <summary><c>http(s)://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/");

    /// <summary><c>127.0.0.1:PORT</c>, for a spec field that takes a host.</summary>
    public string HostAndPort => $"127.0.0.1:{Port}";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Each request line received (<c>GET /path HTTP/1.1</c>).</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>TCP connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connectionCount);

    /// <summary>Body bytes written so far, over every connection.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytes);

    /// <summary>Completes when a client hung up while a body was still being sent to it.</summary>
    public Task ClientStopped => _clientStopped.Task;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _connectionCount);
            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    stream = tls;
                }
                await using (stream)
                {
                    while (await ReadRequestAsync(stream) is { } line)
                    {
                        _requests.Enqueue(line);
                        if (_location is not null) await RedirectAsync(stream);
                        else await StreamEndlessAsync(stream);
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                          or System.Security.Authentication.AuthenticationException)
            {
                // the client went away (or never finished its handshake): nothing more to answer
            }
        }
    }

    private async Task RedirectAsync(Stream stream)
    {
        var head = $"HTTP/1.1 302 Found\r\nLocation: {_location}\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    private async Task StreamEndlessAsync(Stream stream)
    {
        var length = _announced ?? EndlessLimit;
        var head = _announced is { } announced
            ? $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"
            : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        var payload = new byte[Chunk];
        Array.Fill(payload, (byte)' ');
        "{\"token\":\""u8.CopyTo(payload);
        var frame = _announced is null
            ? Encoding.ASCII.GetBytes(Chunk.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray()
            : payload;
        try
        {
            for (long sent = 0; sent + Chunk <= length; sent += Chunk)
            {
                await stream.WriteAsync(frame, _stop.Token);
                Interlocked.Add(ref _bodyBytes, Chunk);
            }
            if (_announced is null) await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            _clientStopped.TrySetResult();
            throw;
        }
    }

    /// <summary>The request line of the next request on the connection (its head and any Content-Length body read), or null at its end.</summary>
    private async Task<string?> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0) return null;
            head.Append((char)one[0]);
            if (head.Length > 64 * 1024) return null;
        }
        var lines = head.ToString().Split("\r\n");
        var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
        var buffer = new byte[4096];
        for (long left = length; left > 0;)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), _stop.Token);
            if (read == 0) return null;
            left -= read;
        }
        return lines[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
