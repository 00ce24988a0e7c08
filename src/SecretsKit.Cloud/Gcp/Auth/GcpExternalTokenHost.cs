using System.Net;
using System.Net.Sockets;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// The hosts a namespaced SecretStore's <c>credential_source.url</c> (its <c>externalTokenEndpoint</c>) may not reach:
/// loopback (the agent's own pod), link-local (169.254.0.0/16 and fe80::/10, where the instance metadata services hand
/// out the node's credentials), AWS's <c>fd00:ec2::/32</c>, the unspecified address, and the names <c>localhost</c>
/// (and <c>*.localhost</c>), <c>metadata</c> and <c>metadata.google.internal</c>. Names are checked as written and
/// every address they resolve to is checked again at connect time, so a DNS name pointing there is refused too. The
/// operator may allow hosts by name (<see cref="GcpEndpoints.ExternalTokenHosts"/>); a ClusterSecretStore, written by
/// the operator, is not restricted.
/// </summary>
internal static class GcpExternalTokenHost
{
    private static readonly IPNetwork AwsMetadataV6 = IPNetwork.Parse("fd00:ec2::/32");

    /// <summary>Why <paramref name="host"/> (as a URL names it) is refused, or null.</summary>
    public static string? RefusedName(string host)
    {
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (name is "localhost" or "metadata" or "metadata.google.internal" || name.EndsWith(".localhost", StringComparison.Ordinal)) return "a metadata or loopback host name";
        return IPAddress.TryParse(name, out var literal) && Refused(literal) ? "a loopback, link-local or metadata address" : null;
    }

    /// <summary>Whether the agent never connects to <paramref name="address"/> for a namespaced store's token URL.</summary>
    public static bool Refused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return (b[0] == 169 && b[1] == 254) || b[0] == 0;
        }
        return address.IsIPv6LinkLocal || AwsMetadataV6.Contains(address);
    }

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to addresses that are not <see cref="Refused"/>.</summary>
    public static ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct) =>
        Cloud.Http.GuardedConnect.ConnectAsync(context, Refused,
            host => $"{host} resolves only to loopback, link-local or metadata addresses; a SecretStore's token URL may not reach them", ct);
}
