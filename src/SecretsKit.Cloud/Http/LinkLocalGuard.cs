using System.Net;
using System.Net.Sockets;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Keeps requests to a host a tenant or store names (webhook urls, Vault servers, 1Password Connect and generator hosts) away from link-local addresses: the cloud instance metadata
/// services (169.254.169.254, AWS's fd00:ec2::254, every 169.254.0.0/16 and fe80::/10 address) hand out the node's own
/// credentials to whoever asks from the node, and the agent's answer would land in a Secret the tenant reads. The check
/// runs on the addresses the name resolves to at connect time, so a DNS name pointing there is refused too.
/// </summary>
public static class LinkLocalGuard
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Whether <paramref name="address"/> is one the agent never connects to for a webhook.</summary>
    public static bool Refused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 169 && b[1] == 254;
        }
        return address.IsIPv6LinkLocal || address.Equals(AwsMetadataV6);
    }

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to addresses that are not <see cref="Refused"/>.</summary>
    public static ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct) =>
        GuardedConnect.ConnectAsync(context, Refused,
            host => $"{host} is a link-local address (instance metadata); the agent never connects there for a host a store names", ct);
}
