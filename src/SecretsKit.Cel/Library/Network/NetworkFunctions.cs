using System.Net.Sockets;
using System.Net;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Network;

/// <summary>Kubernetes' ip and cidr libraries (and cel-go's network extension, which has the same surface):
/// <c>ip()</c>, <c>isIP()</c>, <c>ip.isCanonical()</c>, <c>family()</c>, the <c>is…()</c> classifications,
/// <c>cidr()</c>, <c>isCIDR()</c>, <c>containsIP()</c>, <c>containsCIDR()</c>, <c>ip()</c>, <c>masked()</c>,
/// <c>prefixLength()</c>, <c>string()</c> of both (through <see cref="object.ToString"/>).</summary>
internal static class NetworkFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("ip", (_, a) => a is [string s] ? IpParser.ParseIp(s) : CelError.NoOverload("ip"))
            .Global("isIP", (_, a) => a is [string s] ? IpParser.ParseIp(s) is CelIp : CelError.NoOverload("isIP"))
            .Global("ip.isCanonical", (_, a) => a is [string s]
                ? (IpParser.ParseIp(s) is CelIp ip ? ip.ToString() == s : IpParser.ParseIp(s))
                : CelError.NoOverload("ip.isCanonical"))
            .Global("cidr", (_, a) => a is [string s] ? IpParser.ParseCidr(s) : CelError.NoOverload("cidr"))
            .Global("isCIDR", (_, a) => a is [string s] ? IpParser.ParseCidr(s) is CelCidr : CelError.NoOverload("isCIDR"))
            .Member("family", (_, a) => a is [CelIp ip] ? ip.Family : CelError.NoOverload("family"))
            .Member("isUnspecified", (_, a) => Classify(a, "isUnspecified", ip => ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            .Member("isLoopback", (_, a) => Classify(a, "isLoopback", IPAddress.IsLoopback))
            .Member("isLinkLocalMulticast", (_, a) => Classify(a, "isLinkLocalMulticast", LinkLocalMulticast))
            .Member("isLinkLocalUnicast", (_, a) => Classify(a, "isLinkLocalUnicast", LinkLocalUnicast))
            .Member("isGlobalUnicast", (_, a) => Classify(a, "isGlobalUnicast", GlobalUnicast))
            .Member("containsIP", (_, a) => a switch
            {
                [CelCidr c, CelIp ip] => c.Contains(ip.Address),
                [CelCidr c, string s] => IpParser.ParseIp(s) is CelIp ip ? c.Contains(ip.Address) : IpParser.ParseIp(s),
                _ => CelError.NoOverload("containsIP"),
            })
            .Member("containsCIDR", (_, a) => a switch
            {
                [CelCidr c, CelCidr other] => c.Contains(other),
                [CelCidr c, string s] => IpParser.ParseCidr(s) is CelCidr other ? c.Contains(other) : IpParser.ParseCidr(s),
                _ => CelError.NoOverload("containsCIDR"),
            })
            .Member("ip", (_, a) => a is [CelCidr c] ? new CelIp(c.Address) : CelError.NoOverload("ip"))
            .Member("masked", (_, a) => a is [CelCidr c] ? new CelCidr(c.Network, c.PrefixLength) : CelError.NoOverload("masked"))
            .Member("prefixLength", (_, a) => a is [CelCidr c] ? (long)c.PrefixLength : CelError.NoOverload("prefixLength"));
    }

    private static object Classify(object?[] args, string name, Func<IPAddress, bool> test) =>
        args is [CelIp ip] ? test(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address) : CelError.NoOverload(name);

    private static bool IsV4(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork;

    private static bool LinkLocalMulticast(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return IsV4(ip) ? b[0] == 224 && b[1] == 0 && b[2] == 0 : b[0] == 0xff && (b[1] & 0x0f) == 0x02;
    }

    private static bool LinkLocalUnicast(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return IsV4(ip) ? b[0] == 169 && b[1] == 254 : b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    private static bool GlobalUnicast(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        var multicast = IsV4(ip) ? b[0] >= 224 && b[0] <= 239 : b[0] == 0xff;
        var broadcast = IsV4(ip) && b.All(x => x == 255);
        var unspecified = ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any);
        return !multicast && !broadcast && !unspecified && !IPAddress.IsLoopback(ip) && !LinkLocalUnicast(ip);
    }
}
