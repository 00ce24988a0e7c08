using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace SecretsKit.KeyService;

/// <summary>
/// Kestrel's socket listener with failed accepts backed off. Kestrel 10's own listener retries every failed
/// <c>accept()</c> at once (it takes any socket error for a connection reset in the backlog), so when the process is out of
/// descriptors (EMFILE) or kernel memory (ENOBUFS) the pending connection keeps the socket readable and the accept loop
/// spins a core until a descriptor frees. Here a connection reset or aborted in the backlog is still skipped at once; any
/// other error waits <see cref="AcceptBackoff"/> (5 ms, doubling, at most 1 s) before the next accept, and is logged once
/// per episode. Accepted sockets become connections exactly as Kestrel's own listener makes them
/// (<see cref="SocketConnectionContextFactory"/>).
/// </summary>
internal sealed class BackoffSocketListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly SocketConnectionContextFactory _connections;
    private readonly bool _noDelay;
    private readonly KeyServiceLog _log;
    private readonly CancellationTokenSource _unbound = new();
    private int _failedInARow; // since the last accept that succeeded

    public BackoffSocketListener(Socket socket, SocketConnectionContextFactory connections, bool noDelay, KeyServiceLog log)
    {
        _socket = socket;
        _connections = connections;
        _noDelay = noDelay;
        _log = log;
        EndPoint = socket.LocalEndPoint!;
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.Zero;
        while (true)
        {
            try
            {
                var accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                if (accepted.LocalEndPoint is IPEndPoint) accepted.NoDelay = _noDelay;
                if (_failedInARow > 0) _log.Write($"accepting connections again after {_failedInARow} failed accepts");
                _failedInARow = 0;
                return _connections.Create(accepted);
            }
            catch (ObjectDisposedException)
            {
                return null; // unbound
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null; // unbound
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // the client went away while its connection waited in the backlog: the next one is not affected
            }
            catch (SocketException e)
            {
                delay = AcceptBackoff.Next(delay);
                if (_failedInARow++ == 0) _log.Write($"cannot accept connections ({e.Message}): retrying with back-off of up to {AcceptBackoff.Longest.TotalSeconds:0} s");
                try
                {
                    await Task.Delay(delay, _unbound.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        _socket.Dispose();
        return default;
    }

    public ValueTask DisposeAsync()
    {
        _unbound.Cancel();
        _socket.Dispose();
        _connections.Dispose();
        _unbound.Dispose();
        return default;
    }
}
