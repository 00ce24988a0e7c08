using System.Net;
using System.Net.Sockets;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Which addresses a host named by tenant input (a store's server, a webhook url, a generator's API url) may not be,
/// checked on every address the name resolves to when the connection opens (so a DNS name that points there, or is
/// changed to point there after a first check, is refused as its literal would be), IPv4-mapped and NAT64 forms
/// included. Each caller names its policy, from its vendor's and ESO's documentation:
/// <list type="bullet">
/// <item><see cref="LinkLocalRefused"/>: the instance metadata services (169.254.0.0/16, fe80::/10 and AWS's fd00:ec2::/32)
/// hand the node's own credentials to whoever asks from the node. Loopback is allowed: ESO connects to any host, and a
/// sidecar in the agent's pod (a Vault agent, a 1Password Connect server) listens there.</item>
/// <item><see cref="LocalRefused"/>: those and loopback, the unspecified address and the names <c>localhost</c>,
/// <c>metadata</c> and <c>metadata.google.internal</c>: a namespaced SecretStore's GCP token URL (the agent's own pod
/// and metadata server may answer it).</item>
/// <item><see cref="OperatorNamed"/>: nothing refused, for a host the operator wrote or allowed by name (a
/// ClusterSecretStore's GCP token URL, <c>GCP_EXTERNAL_TOKEN_HOSTS</c>); redirects, proxy and body bounds still apply.</item>
/// </list>
/// </summary>
public sealed class TenantHostPolicy
{
    private static readonly IPNetwork AwsInstanceServices = IPNetwork.Parse("fd00:ec2::/32");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly bool _refuseLinkLocal;
    private readonly bool _refuseLoopback;

    private TenantHostPolicy(string name, bool refuseLinkLocal, bool refuseLoopback)
    {
        Name = name;
        _refuseLinkLocal = refuseLinkLocal;
        _refuseLoopback = refuseLoopback;
    }

    /// <summary>Link-local and AWS instance-service addresses refused; loopback allowed (ESO connects to any host).</summary>
    public static TenantHostPolicy LinkLocalRefused { get; } = new(nameof(LinkLocalRefused), refuseLinkLocal: true, refuseLoopback: false);

    /// <summary>Link-local, AWS instance-service, loopback and unspecified addresses and the local metadata names refused.</summary>
    public static TenantHostPolicy LocalRefused { get; } = new(nameof(LocalRefused), refuseLinkLocal: true, refuseLoopback: true);

    /// <summary>Nothing refused: the operator wrote or allowed the host.</summary>
    public static TenantHostPolicy OperatorNamed { get; } = new(nameof(OperatorNamed), refuseLinkLocal: false, refuseLoopback: false);

    public string Name { get; }

    /// <summary>Whether the agent never connects to <paramref name="address"/> under this policy.</summary>
    public bool Refused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address)) address = new IPAddress(address.GetAddressBytes()[12..]);
        if (_refuseLoopback && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || IsZeroNetwork(address))) return true;
        if (!_refuseLinkLocal) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 169 && b[1] == 254;
        }
        return address.IsIPv6LinkLocal || AwsInstanceServices.Contains(address);
    }

    /// <summary>
    /// Why <paramref name="host"/>, as a URL names it, is refused before any request (a literal address this policy
    /// refuses, or one of the local metadata names under <see cref="LocalRefused"/>), or null: a name is checked again on
    /// every address it resolves to when the connection opens.
    /// </summary>
    public string? RefusedName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (_refuseLoopback && (name is "localhost" or "metadata" or "metadata.google.internal" || name.EndsWith(".localhost", StringComparison.Ordinal)))
        {
            return "a metadata or loopback host name";
        }
        if (!IPAddress.TryParse(name, out var literal) || !Refused(literal)) return null;
        return _refuseLoopback ? "a loopback, link-local or metadata address" : "a link-local address (instance metadata)";
    }

    /// <summary>The refusal when every address of <paramref name="host"/> is refused.</summary>
    public string Refusal(string host) => _refuseLoopback
        ? $"{host} resolves only to loopback, link-local or metadata addresses; refused"
        : $"{host} is a link-local address (instance metadata); refused";

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to addresses this policy does not refuse.</summary>
    internal ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct) =>
        GuardedConnect.ConnectAsync(context, Refused, Refusal, ct);

    public override string ToString() => Name;

    private static bool IsZeroNetwork(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 0;
}
