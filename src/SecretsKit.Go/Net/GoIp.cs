using System.Globalization;
using System.Net;

namespace SecretsKit.Go.Net;

/// <summary>
/// Go's <c>net.ParseIP</c>: dotted IPv4 with 1-3 digit octets and no leading zero, or IPv6 (an embedded IPv4 allowed),
/// no zone, no brackets. <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone also takes <c>1</c> or <c>0x7f.1</c>.
/// </summary>
public static class GoIp
{
    public static bool TryParse(string s, out IPAddress ip)
    {
        ip = IPAddress.None;
        if (s.Contains(':', StringComparison.Ordinal))
        {
            if (s.AsSpan().IndexOfAny("%[]/") >= 0 || !IPAddress.TryParse(s, out var v6)) return false;
            var tail = s[(s.LastIndexOf(':') + 1)..];
            if (tail.Contains('.', StringComparison.Ordinal) && !IsV4(tail)) return false;
            ip = v6;
            return true;
        }
        if (!IsV4(s)) return false;
        ip = IPAddress.Parse(s);
        return true;
    }

    private static bool IsV4(string s)
    {
        var parts = s.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit)
            && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}
