using System.Net;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.KeyService;

/// <summary>
/// Where a sops key service listens, from <c>--keyservice</c>: <c>tcp://host:port</c> or <c>unix:///path/to/socket</c>
/// (sops's two schemes). <see cref="Uri"/> is the text the user gave, used in every message about the service.
/// </summary>
public sealed record KeyServiceAddress(string Uri, string Network, string Host, int Port, string SocketPath)
{
    public static KeyServiceAddress Parse(string text)
    {
        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = text["unix://".Length..];
            if (!path.StartsWith('/')) throw Bad(text, "a unix socket needs an absolute path (unix:///path/to/socket)");
            return new KeyServiceAddress(text, "unix", "", 0, path);
        }
        if (!text.StartsWith("tcp://", StringComparison.Ordinal)) throw Bad(text, "use tcp://host:port or unix:///path");
        var hostPort = text["tcp://".Length..].TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Bad(text, "a tcp key service needs a host and a port (tcp://127.0.0.1:5000)");
        }
        var host = hostPort[..colon].Trim('[', ']');
        if (host.Length == 0 || host.AsSpan().IndexOfAny("/?#@ ") >= 0) throw Bad(text, "the host is not valid");
        return new KeyServiceAddress(text, "tcp", host, port, "");
    }

    /// <summary>True for a unix socket, <c>localhost</c> or a loopback address: data keys do not leave the machine.</summary>
    public bool IsLocal => Network == "unix"
        || string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    private static SecretsKitException Bad(string text, string why) =>
        new(ExitCodes.Generic, $"invalid key service address '{text}': {why}");
}
