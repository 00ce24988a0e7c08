using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecretsKit.KeyService;

/// <summary>
/// Binds TCP and unix-socket endpoints for Kestrel as its socket transport does (the same listen socket, backlog and socket
/// options from <see cref="SocketTransportOptions"/>), listening through <see cref="BackoffSocketListener"/>. Registered after
/// Kestrel's transport, so Kestrel picks it first for the endpoints it can bind.
/// </summary>
internal sealed class BackoffSocketListenerFactory(IOptions<SocketTransportOptions> options, ILoggerFactory loggers, KeyServiceLog log)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var transport = options.Value;
        Socket socket;
        try
        {
            socket = transport.CreateBoundListenSocket(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new AddressInUseException(e.Message, e);
        }
        try
        {
            socket.Listen(transport.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions
        {
            IOQueueCount = transport.IOQueueCount,
            WaitForDataBeforeAllocatingBuffer = transport.WaitForDataBeforeAllocatingBuffer,
            MaxReadBufferSize = transport.MaxReadBufferSize,
            MaxWriteBufferSize = transport.MaxWriteBufferSize,
            UnsafePreferInlineScheduling = transport.UnsafePreferInlineScheduling,
        }, loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
#pragma warning disable CA2000 // Kestrel owns the listener (it unbinds and disposes it), and the listener the socket and factory
        return ValueTask.FromResult<IConnectionListener>(new BackoffSocketListener(socket, connections, transport.NoDelay, log));
#pragma warning restore CA2000
    }
}
