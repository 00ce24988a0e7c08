using System.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Text;

namespace SecretsKit.Go.Net;

/// <summary>
/// Go's <c>net/url</c> as sprig uses it: <c>url.Parse</c> (scheme, opaque, userinfo, host, unescaped path, raw query,
/// unescaped fragment, with Go's error texts) and <c>URL.String()</c> (each part escaped as Go escapes it).
/// </summary>
public sealed record GoUrl(string Scheme, string Opaque, GoUserinfo? User, string Host, string Path, string RawQuery, string Fragment)
{
    private enum Mode { Path, Host, UserPassword, Fragment }

    public static GoUrl Parse(string raw)
    {
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var (u, frag) = hash < 0 ? (raw, null) : (raw[..hash], raw[(hash + 1)..]);
        GoUrl url;
        try
        {
            url = ParseNoFragment(u);
        }
        catch (FormatException e)
        {
            throw new FormatException($"parse {GoQuote.Quote(u)}: {e.Message}");
        }
        try
        {
            return frag is null ? url : url with { Fragment = Unescape(frag, Mode.Fragment) };
        }
        catch (FormatException e)
        {
            throw new FormatException($"parse {GoQuote.Quote(raw)}: {e.Message}");
        }
    }

    private static GoUrl ParseNoFragment(string raw)
    {
        if (raw.Any(c => c < 0x20 || c == 0x7F)) throw new FormatException("net/url: invalid control character in URL");
        if (raw == "*") return new GoUrl("", "", null, "", "*", "", "");
        var (scheme, rest) = GetScheme(raw);
        scheme = scheme.ToLowerInvariant();
        var query = "";
        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1) rest = rest[..^1];
        else
        {
            var q = rest.IndexOf('?', StringComparison.Ordinal);
            if (q >= 0) (rest, query) = (rest[..q], rest[(q + 1)..]);
        }
        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0) return new GoUrl(scheme, rest, null, "", "", query, "");
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if ((slash < 0 ? rest : rest[..slash]).Contains(':', StringComparison.Ordinal)) throw new FormatException("first path segment in URL cannot contain colon");
        }
        GoUserinfo? user = null;
        var host = "";
        if ((scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            rest = "";
            var i = authority.IndexOf('/', StringComparison.Ordinal);
            if (i >= 0) (authority, rest) = (authority[..i], authority[i..]);
            (user, host) = ParseAuthority(authority);
        }
        return new GoUrl(scheme, "", user, host, Unescape(rest, Mode.Path), query, "");
    }

    private static (string, string) GetScheme(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) return ("", raw);
                continue;
            }
            if (c == ':')
            {
                if (i == 0) throw new FormatException("missing protocol scheme");
                return (raw[..i], raw[(i + 1)..]);
            }
            return ("", raw);
        }
        return ("", raw);
    }

    private static (GoUserinfo?, string) ParseAuthority(string authority)
    {
        var at = authority.LastIndexOf('@');
        if (at < 0) return (null, ParseHost(authority));
        var host = ParseHost(authority[(at + 1)..]);
        var info = authority[..at];
        if (!info.All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal)))
        {
            throw new FormatException("net/url: invalid userinfo");
        }
        var colon = info.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (new GoUserinfo(Unescape(info, Mode.UserPassword), null), host)
            : (new GoUserinfo(Unescape(info[..colon], Mode.UserPassword), Unescape(info[(colon + 1)..], Mode.UserPassword)), host);
    }

    private static string ParseHost(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0) throw new FormatException("missing ']' in host");
            var colonPort = host[(close + 1)..];
            if (!ValidOptionalPort(colonPort)) throw new FormatException($"invalid port {GoQuote.Quote(colonPort)} after host");
            return Unescape(host, Mode.Host);
        }
        var i = host.LastIndexOf(':');
        if (i >= 0 && !ValidOptionalPort(host[i..])) throw new FormatException($"invalid port {GoQuote.Quote(host[i..])} after host");
        return Unescape(host, Mode.Host);
    }

    private static bool ValidOptionalPort(string port) => port.Length == 0 || (port[0] == ':' && port[1..].All(char.IsAsciiDigit));

    private static string Unescape(string s, Mode mode)
    {
        if (!s.Contains('%', StringComparison.Ordinal) && mode != Mode.Host) return s;
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    var bad = s[i..Math.Min(s.Length, i + 3)];
                    throw new FormatException($"invalid URL escape {GoQuote.Quote(bad)}");
                }
                if (mode == Mode.Host && Convert.ToInt32(s[i + 1].ToString(), 16) < 8 && s.Substring(i, 3) != "%25")
                {
                    throw new FormatException($"invalid URL escape {GoQuote.Quote(s.Substring(i, 3))}");
                }
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            if (mode == Mode.Host && c < 0x80 && ShouldEscape(c, Mode.Host)) throw new FormatException($"invalid character {GoQuote.Quote(c.ToString())} in host name");
            bytes.AddRange(GoString.ToBytes(c.ToString()));
        }
        return GoString.FromBytes(bytes.ToArray());
    }

    private static bool ShouldEscape(char c, Mode mode)
    {
        if (char.IsAsciiLetterOrDigit(c)) return false;
        if (mode == Mode.Host && "!$&'()*+,;=:[]<>\"".Contains(c, StringComparison.Ordinal)) return false;
        switch (c)
        {
            case '-' or '_' or '.' or '~':
                return false;
            case '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '?' or '@':
                return mode switch
                {
                    Mode.Path => c == '?',
                    Mode.UserPassword => c is '@' or '/' or '?' or ':',
                    Mode.Fragment => false,
                    _ => true,
                };
        }
        return !(mode == Mode.Fragment && c is '!' or '(' or ')' or '*');
    }

    private static string Escape(string s, Mode mode)
    {
        var sb = new StringBuilder();
        foreach (var b in GoString.ToBytes(s))
        {
            if (b < 0x80 && !ShouldEscape((char)b, mode)) sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>URL.String()</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Scheme.Length > 0) sb.Append(Scheme).Append(':');
        if (Opaque.Length > 0) sb.Append(Opaque);
        else
        {
            if (Scheme.Length > 0 || Host.Length > 0 || User is not null)
            {
                if (Host.Length > 0 || Path.Length > 0 || User is not null) sb.Append("//");
                if (User is not null) sb.Append(User).Append('@');
                if (Host.Length > 0) sb.Append(Escape(Host, Mode.Host));
            }
            var path = Path == "*" ? "*" : Escape(Path, Mode.Path);
            if (path.Length > 0 && path[0] != '/' && Host.Length > 0) sb.Append('/');
            if (sb.Length == 0)
            {
                var slash = path.IndexOf('/', StringComparison.Ordinal);
                if ((slash < 0 ? path : path[..slash]).Contains(':', StringComparison.Ordinal)) sb.Append("./");
            }
            sb.Append(path);
        }
        if (RawQuery.Length > 0) sb.Append('?').Append(RawQuery);
        if (Fragment.Length > 0) sb.Append('#').Append(Escape(Fragment, Mode.Fragment));
        return sb.ToString();
    }

    /// <summary>Go's <c>URL.Hostname()</c>: the host without its port and IPv6 brackets.</summary>
    public string Hostname()
    {
        var (host, _) = SplitHostPort(Host);
        return host;
    }

    private static (string, string) SplitHostPort(string hostPort)
    {
        var host = hostPort;
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && ValidOptionalPort(host[colon..])) host = host[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return (host, "");
    }

    public static string EscapeUser(string s) => Escape(s, Mode.UserPassword);
}

/// <summary>Go's <c>*url.Userinfo</c>: a name and an optional password; prints escaped.</summary>
public sealed record GoUserinfo(string Username, string? Password)
{
    public override string ToString() => GoUrl.EscapeUser(Username) + (Password is null ? "" : ":" + GoUrl.EscapeUser(Password));
}
