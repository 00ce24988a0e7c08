using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Cloud.HuaweiCloud.Http;

/// <summary>
/// HuaweiCloud API Gateway "SDK-HMAC-SHA256" signing: canonical request (method, path with every segment escaped
/// and a trailing slash, sorted query, the signed headers lower-cased and sorted, hex SHA-256 of the body), the
/// string to sign (<c>SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex SHA-256 of the canonical request}</c>) and its hex
/// HMAC-SHA256 under the secret key.
/// </summary>
internal static class HuaweiCloudSigner
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The <c>Authorization</c> value for a request whose signed headers are <paramref name="headers"/> (name → value).</summary>
    public static string Authorize(string accessKey, string secretKey, string method, Uri uri,
        IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, string sdkDate)
    {
        var signed = headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray();
        var lower = headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.Trim(), StringComparer.Ordinal);
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(uri.AbsolutePath)).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var name in signed)
        {
            canonical.Append(name).Append(':').Append(lower[name]).Append('\n');
        }
        canonical.Append('\n').Append(string.Join(';', signed)).Append('\n').Append(HexSha256(body));

        var stringToSign = $"{Algorithm}\n{sdkDate}\n{HexSha256(Encoding.UTF8.GetBytes(canonical.ToString()))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Access={accessKey}, SignedHeaders={string.Join(';', signed)}, Signature={signature}";
    }

    private static string CanonicalPath(string path)
    {
        var escaped = string.Join('/', path.Split('/').Select(s => Escape(Uri.UnescapeDataString(s))));
        return escaped.EndsWith('/') ? escaped : escaped + "/";
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1) return "";
        var pairs = query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(p[(eq + 1)..]);
            return (Key: Escape(key), Value: Escape(value));
        });
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>RFC 3986 escaping: unreserved characters stay, every other UTF-8 byte becomes %XX (upper-case hex).</summary>
    private static string Escape(string text) => Uri.EscapeDataString(text);

    private static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
