using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>A URL value (<c>kubernetes.URL</c>) as Go's <c>url.ParseRequestURI</c> splits it: an absolute URI
/// (scheme, authority, path, query; or scheme and opaque part) or an absolute path, with no fragment.</summary>
internal sealed record CelUrl(string Text, string Scheme, string Host, string Path, string Query) : ICelObject
{
    public static readonly CelType Type = new("kubernetes.URL");

    public CelType CelType => Type;

    /// <summary>The host without its port and without an IPv6 literal's brackets.</summary>
    public string Hostname
    {
        get
        {
            if (Host.StartsWith('['))
            {
                var close = Host.IndexOf(']', StringComparison.Ordinal);
                return close < 0 ? Host : Host[1..close];
            }
            var colon = Host.LastIndexOf(':');
            return colon < 0 ? Host : Host[..colon];
        }
    }

    public string Port
    {
        get
        {
            var colon = Host.LastIndexOf(':');
            var close = Host.LastIndexOf(']');
            return colon < 0 || colon < close ? "" : Host[(colon + 1)..];
        }
    }

    public static CelUrl? Parse(string text)
    {
        if (text.Length == 0 || text.Any(c => c < 0x20 || c == 0x7f))
            return null;
        var queryAt = text.IndexOf('?', StringComparison.Ordinal);
        var query = queryAt < 0 ? "" : text[(queryAt + 1)..];
        var rest = queryAt < 0 ? text : text[..queryAt];
        var scheme = "";
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && char.IsAsciiLetter(rest[0]) && rest[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            scheme = rest[..colon];
            rest = rest[(colon + 1)..];
        }
        if (scheme.Length == 0 && !rest.StartsWith('/'))
            return null;
        if (scheme.Length > 0 && !rest.StartsWith('/'))
            return new CelUrl(text, scheme, "", "", query);
        var host = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            var authority = end < 0 ? rest[2..] : rest[2..end];
            rest = end < 0 ? "" : rest[end..];
            host = authority[(authority.LastIndexOf('@') + 1)..];
            if (!ValidHost(host))
                return null;
        }
        return ValidEscapes(rest) && ValidEscapes(query) ? new CelUrl(text, scheme, host, rest, query) : null;
    }

    private static bool ValidHost(string host)
    {
        if (host.Contains(' ', StringComparison.Ordinal))
            return false;
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && colon > host.LastIndexOf(']'))
            return host[(colon + 1)..].All(char.IsAsciiDigit);
        return true;
    }

    private static bool ValidEscapes(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])))
                return false;
        }
        return true;
    }

    /// <summary>The query as Go's <c>url.ParseQuery</c> reads it: each key to its values in order.</summary>
    public CelMap QueryMap()
    {
        var values = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }
            list.Add(value);
        }
        return new CelMap(order.Select(k => new KeyValuePair<object, object?>(k, new CelList(values[k]))));
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    public override string ToString() => Text;
}
