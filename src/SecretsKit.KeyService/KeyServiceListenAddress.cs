using System.Globalization;
using System.Net;
using SecretsKit.Core.Errors;

namespace SecretsKit.KeyService;

/// <summary>
/// Where <c>secretskit keyservice</c> listens: <c>--network tcp</c> with <c>host:port</c> (an IP address, <c>localhost</c>,
/// or an empty host for every interface, as Go's net.Listen reads it; port 0 picks a free one) or <c>--network unix</c>
/// with a socket path.
/// </summary>
internal sealed record KeyServiceListenAddress(string Network, IPEndPoint? Endpoint, string SocketPath)
{
    public static KeyServiceListenAddress Parse(string network, string address)
    {
        if (network == "unix")
        {
            if (address.Length == 0) throw Bad(network, address, "give the socket's path");
            return new KeyServiceListenAddress("unix", null, Path.GetFullPath(address));
        }
        if (network != "tcp") throw Bad(network, address, "the network must be tcp or unix");
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw Bad(network, address, "give host:port, e.g. 127.0.0.1:5000");
        }
        var host = address[..colon].Trim('[', ']');
        IPAddress ip;
        if (host.Length == 0) ip = IPAddress.Any;
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) ip = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out ip!)) throw Bad(network, address, "the host must be an IP address or localhost");
        return new KeyServiceListenAddress("tcp", new IPEndPoint(ip, port), "");
    }

    private static SecretsKitException Bad(string network, string address, string why) =>
        new(ExitCodes.Generic, $"cannot listen on {network} address '{address}': {why}");
}
