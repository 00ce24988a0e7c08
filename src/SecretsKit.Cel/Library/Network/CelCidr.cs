using System.Net;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Network;

/// <summary>A CIDR value (<c>net.CIDR</c>): the address as written and the prefix length.</summary>
internal sealed class CelCidr(IPAddress address, int prefixLength) : ICelObject, IEquatable<CelCidr>
{
    public static readonly CelType Type = new("net.CIDR");

    public IPAddress Address { get; } = address;

    public int PrefixLength { get; } = prefixLength;

    public CelType CelType => Type;

    /// <summary>The network address: the address with the host bits cleared.</summary>
    public IPAddress Network => Mask(Address, PrefixLength);

    public bool Contains(IPAddress ip) =>
        ip.AddressFamily == Address.AddressFamily && Mask(ip, PrefixLength).Equals(Network);

    public bool Contains(CelCidr other) => other.PrefixLength >= PrefixLength && Contains(other.Address);

    internal static IPAddress Mask(IPAddress address, int bits)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }

    public bool Equals(CelCidr? other) => other is not null && Address.Equals(other.Address) && PrefixLength == other.PrefixLength;

    public override bool Equals(object? obj) => Equals(obj as CelCidr);

    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength);

    public override string ToString() => $"{Address}/{PrefixLength}";
}
