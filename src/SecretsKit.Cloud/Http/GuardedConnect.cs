using System.Net;
using System.Net.Sockets;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> body for hosts a tenant names: the name is resolved here and only
/// the addresses <c>refused</c> does not match are connected to, so a DNS name pointing at a forbidden address is
/// refused as its literal would be. With none left, a <see cref="TenantHostRefusedException"/> carrying <c>refusal</c>.
/// </summary>
internal static class GuardedConnect
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, Func<IPAddress, bool> refused, Func<string, string> refusal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(refusal);
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        var allowed = addresses.Where(a => !refused(a)).ToArray();
        if (allowed.Length == 0) throw new TenantHostRefusedException(refusal(host));
#pragma warning disable CA2000 // the socket is owned by the returned stream, or disposed below when the connect fails
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
