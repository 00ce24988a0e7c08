using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace SecretsKit.Cloud.Aws.Http;

/// <summary>
/// AWS Signature Version 4 for header-signed requests: builds the canonical request (method, path, sorted query,
/// signed headers, payload hash) and lets AWSSDK.Core's <see cref="AWS4Signer"/> derive the signing key and signature.
/// </summary>
internal static class SigV4Signer
{
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The canonical request and the <c>;</c>-joined signed header names.</summary>
    public static (string CanonicalRequest, string SignedHeaders) Canonicalize(
        string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadSha256Hex)
    {
        var sorted = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(",", g.Select(h => CollapseSpaces(h.Value.Trim())))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(";", sorted.Select(h => h.Name));
        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n');
        sb.Append(CanonicalPath(uri.AbsolutePath)).Append('\n');
        sb.Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in sorted)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }
        sb.Append('\n').Append(signedHeaders).Append('\n').Append(payloadSha256Hex);
        return (sb.ToString(), signedHeaders);
    }

    /// <summary>The value of the <c>Authorization</c> header for <paramref name="canonicalRequest"/>.</summary>
    public static string Authorization(ImmutableCredentials credentials, string region, string service, DateTime signedAtUtc,
        string signedHeaders, string canonicalRequest) =>
        AWS4Signer.ComputeSignature(credentials, region, signedAtUtc, service, signedHeaders, canonicalRequest).ForAuthorizationHeader;

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string FormatDate(DateTime utc) => utc.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string CanonicalPath(string absolutePath)
    {
        if (absolutePath.Length == 0) return "/";
        var segments = absolutePath.Split('/').Select(s => Encode(Uri.UnescapeDataString(s)));
        return string.Join("/", segments);
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1) return "";
        var pairs = query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(p[(eq + 1)..]);
            return (Key: Encode(key), Value: Encode(value));
        });
        return string.Join("&", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters, with upper-case hex.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal)) return value;
        var sb = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value)
        {
            if (c == ' ' && previousSpace) continue;
            previousSpace = c == ' ';
            sb.Append(c);
        }
        return sb.ToString();
    }
}
