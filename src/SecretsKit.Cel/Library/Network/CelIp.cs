using System.Net;
using System.Net.Sockets;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Network;

/// <summary>An IP address value (<c>net.IP</c>). Equality treats an IPv4-mapped IPv6 address as its IPv4 address.</summary>
internal sealed class CelIp(IPAddress address) : ICelObject, IEquatable<CelIp>
{
    public static readonly CelType Type = new("net.IP");

    public IPAddress Address { get; } = address;

    public CelType CelType => Type;

    public long Family => Address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;

    private IPAddress Unmapped => Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;

    public bool Equals(CelIp? other) => other is not null && Unmapped.Equals(other.Unmapped);

    public override bool Equals(object? obj) => Equals(obj as CelIp);

    public override int GetHashCode() => Unmapped.GetHashCode();

    public override string ToString() => Address.ToString();
}
