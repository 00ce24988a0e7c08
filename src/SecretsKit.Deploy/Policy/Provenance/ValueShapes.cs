using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecretsKit.Deploy.Validation.Meta;

namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>
/// The shapes of values that name or locate something rather than being a secret: a Kubernetes object name and a
/// Secret's data key (the API server's own formats, <see cref="NameFormats"/>), a host (name or IP address, with a
/// port), a URL of only a scheme, host and port, a user or resource name, an image reference. Each is strict: a
/// value with a space, a quote, a slash where none belongs, or a user and password in a URL is none of these.
/// </summary>
internal static class ValueShapes
{
    /// <summary>The longest user, resource or image name taken as such.</summary>
    private const int NameLimit = 128;

    /// <summary>A Kubernetes object name: a DNS-1123 subdomain (lower case, at most 253).</summary>
    public static bool IsObjectName(string value) => NameFormats.IsDns1123Subdomain(value).Count == 0;

    /// <summary>A namespace: a DNS-1123 label (lower case, at most 63).</summary>
    public static bool IsNamespace(string value) => NameFormats.IsDns1123Label(value).Count == 0;

    /// <summary>A key of a Secret's data (what <c>secretKeyRef.key</c> and <c>items[].key</c> name).</summary>
    public static bool IsDataKey(string value) => NameFormats.IsConfigKey(value).Count == 0;

    /// <summary>A relative file path inside a mounted volume (<c>items[].path</c>): data-key segments joined by <c>/</c>.</summary>
    public static bool IsRelativePath(string value) => value.Length is > 0 and <= 253 && value.Split('/').All(IsDataKey);

    /// <summary>
    /// One host or several, comma-separated (a broker list): each a host name (RFC 1123 labels, any case) or an IP address
    /// (IPv6 in brackets when a port follows), optionally with <c>:port</c>.
    /// </summary>
    public static bool IsHosts(string value) => value.Length <= 1024 && value.Split(',').All(h => IsHost(h.Trim()));

    /// <summary>A URL of only a scheme, a host and a port (<c>https://db.example.com:5432</c>, an optional final <c>/</c>): no user, password, path, query or fragment, where a credential could sit.</summary>
    public static bool IsBareUrl(string value)
    {
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsScheme(value[..separator])) return false;
        var authority = value[(separator + 3)..];
        if (authority.EndsWith('/')) authority = authority[..^1];
        return authority.Length > 0 && authority.IndexOfAny(['/', '?', '#', '@']) < 0 && IsHost(authority);
    }

    /// <summary>A user, database, bucket or region name: letters, digits and <c>._@+-</c>, starting with a letter or digit.</summary>
    public static bool IsPlainName(string value) =>
        value.Length is > 0 and <= NameLimit && char.IsAsciiLetterOrDigit(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '+' or '-');

    /// <summary>An image reference or part of one (a registry, repository, tag or digest): letters, digits and <c>._-/:@</c>.</summary>
    public static bool IsImageReference(string value) =>
        value.Length is > 0 and <= 255 && char.IsAsciiLetterOrDigit(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':' or '@');

    private static bool IsHost(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 && IsAddress(host[1..close], AddressFamily.InterNetworkV6) && IsPortSuffix(host[(close + 1)..]);
        }
        if (host.Count(c => c == ':') > 1) return IsAddress(host, AddressFamily.InterNetworkV6);
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? host : host[..colon];
        return (colon < 0 || IsPortSuffix(host[colon..])) && IsHostName(name);
    }

    /// <summary>RFC 1123 labels joined by dots (an IPv4 address is one too), any case, an optional final dot.</summary>
    private static bool IsHostName(string name)
    {
        if (name.EndsWith('.')) name = name[..^1];
        return name.Length is > 0 and <= 253 && name.Split('.').All(l => NameFormats.IsDns1123Label(l.ToLowerInvariant()).Count == 0);
    }

    private static bool IsAddress(string text, AddressFamily family) => IPAddress.TryParse(text, out var ip) && ip.AddressFamily == family;

    /// <summary>Empty, or <c>:</c> and a port number 1–65535.</summary>
    private static bool IsPortSuffix(string suffix) =>
        suffix.Length == 0 || (suffix[0] == ':' && suffix.Length <= 6 && suffix[1..].All(char.IsAsciiDigit)
            && int.TryParse(suffix.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535);

    private static bool IsScheme(string scheme) =>
        scheme.Length <= 32 && char.IsAsciiLetter(scheme[0]) && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-');
}
