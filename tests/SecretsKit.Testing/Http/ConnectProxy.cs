using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecretsKit.Testing.Http;

/// <summary>
/// An HTTP <c>CONNECT</c> proxy on 127.0.0.1 that tunnels every requested host to one loopback port. A child process
/// given <c>HTTPS_PROXY</c> can then reach an HTTPS fake under the host name its certificate names (DNS never
/// consulted), with TLS end to end between the client and the fake.
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _targets = new();
    private Task _accepting = Task.CompletedTask;
    private int _connections;

    private ConnectProxy(int targetPort) => _targetPort = targetPort;

    public static ConnectProxy Start(int targetPort)
    {
        var proxy = new ConnectProxy(targetPort);
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptLoopAsync();
        return proxy;
    }

    /// <summary>The value for <c>HTTPS_PROXY</c>.</summary>
    public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every connection accepted, whatever it asked for (a plain-HTTP proxy request counts too).</summary>
    public int Connections => _connections;

    /// <summary>Every <c>host:port</c> a client asked to connect to.</summary>
    public IReadOnlyList<string> Targets => _targets.ToArray();

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
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => TunnelAsync(client));
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var parts = head.Split(' ');
                if (parts.Length < 2 || parts[0] != "CONNECT")
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"), _stop.Token);
                    return;
                }
                _targets.Enqueue(parts[1]);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n"), _stop.Token);
                var target = upstream.GetStream();
                await Task.WhenAny(stream.CopyToAsync(target, _stop.Token), target.CopyToAsync(stream, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The request line; the rest of the request head is read and ignored.</summary>
    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 16384 && await stream.ReadAsync(one, _stop.Token) == 1)
        {
            bytes.Add(one[0]);
            var n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') break;
        }
        var text = Encoding.ASCII.GetString(bytes.ToArray());
        var end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose(); // stops listening
        await _accepting;
        _stop.Dispose();
    }
}
