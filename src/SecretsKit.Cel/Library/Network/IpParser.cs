using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Network;

/// <summary>Strict IP and CIDR parsing as Go's net/netip does it (what Kubernetes' ip and cidr libraries use): four
/// decimal IPv4 parts without leading zeros, IPv6 without a zone; the IPv4-mapped dotted form is refused.</summary>
internal static class IpParser
{
    public static object ParseIp(string text)
    {
        if (text.Contains('%', StringComparison.Ordinal))
            return CelError.Invalid("IP Address with zone value is not allowed");
        var address = Parse(text);
        if (address is null)
            return CelError.Invalid($"IP Address '{text}' parse error during conversion from string");
        if (address.IsIPv4MappedToIPv6 && text.Contains('.', StringComparison.Ordinal))
            return CelError.Invalid("IPv4-mapped IPv6 address is not allowed");
        return new CelIp(address);
    }

    public static object ParseCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (text.Contains('%', StringComparison.Ordinal))
            return CelError.Invalid("CIDR with zone value is not allowed");
        var address = slash < 0 ? null : Parse(text[..slash]);
        var bits = slash < 0 ? "" : text[(slash + 1)..];
        var max = address?.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (address is null || bits.Length is 0 or > 3 || (bits.Length > 1 && bits[0] == '0')
            || !int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > max)
            return CelError.Invalid($"network address parse error during conversion from string: '{text}'");
        if (address.IsIPv4MappedToIPv6 && text[..slash].Contains('.', StringComparison.Ordinal))
            return CelError.Invalid("IPv4-mapped IPv6 address is not allowed");
        return new CelCidr(address, length);
    }

    private static IPAddress? Parse(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.StartsWith('[') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return null;
            var lastColon = text.LastIndexOf(':');
            return text.Contains('.', StringComparison.Ordinal) && ParseV4(text[(lastColon + 1)..]) is null ? null : v6;
        }
        return ParseV4(text);
    }

    private static IPAddress? ParseV4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
            return null;
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
                return null;
        }
        return new IPAddress(bytes);
    }
}
