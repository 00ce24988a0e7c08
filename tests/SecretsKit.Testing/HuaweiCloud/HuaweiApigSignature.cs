using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SecretsKit.Testing.HuaweiCloud;

/// <summary>
/// The API gateway's side of "SDK-HMAC-SHA256": parses <c>Authorization</c>, rebuilds the canonical request from what
/// arrived on the wire (raw path, query, the listed headers, the body) and compares the HMAC under the access key's
/// secret. <c>host</c> and <c>x-sdk-date</c> must be signed; the date must be within 15 minutes of the server's clock.
/// </summary>
internal static class HuaweiApigSignature
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    /// <summary>The access key that signed the request, or null with the reason it was refused.</summary>
    public static (HuaweiAccessKey? Key, string Reason) Verify(HttpContext context, byte[] body, Func<string, HuaweiAccessKey?> lookup)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "SDK-HMAC-SHA256 ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal)) return (null, "unsupported authorization scheme");
        var parts = header[prefix.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Access", out var access) || !parts.TryGetValue("SignedHeaders", out var signedList)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return (null, "malformed authorization header");
        }
        var key = lookup(access);
        if (key is null) return (null, "unknown access key");
        var signed = signedList.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-sdk-date")) return (null, "host and x-sdk-date must be signed");
        var date = context.Request.Headers["X-Sdk-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var at) || (DateTimeOffset.UtcNow - at).Duration() > MaxSkew)
        {
            return (null, "X-Sdk-Date missing or too far from the server's time");
        }

        var canonical = new StringBuilder();
        canonical.Append(context.Request.Method).Append('\n');
        canonical.Append(Path(context)).Append('\n');
        canonical.Append(Query(context)).Append('\n');
        foreach (var name in signed)
        {
            var value = name == "host" ? context.Request.Host.Value : context.Request.Headers[name].ToString();
            canonical.Append(name).Append(':').Append((value ?? "").Trim()).Append('\n');
        }
        canonical.Append('\n').Append(signedList).Append('\n').Append(Hex(SHA256.HashData(body)));
        var toSign = "SDK-HMAC-SHA256\n" + date + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var expected = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key.SecretKey), Encoding.UTF8.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? (key, "")
            : (null, "signature mismatch");
    }

    private static string Path(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var path = raw.Split('?')[0];
        var segments = path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s)));
        var joined = string.Join("/", segments);
        return joined.EndsWith('/') ? joined : joined + "/";
    }

    private static string Query(HttpContext context) => string.Join("&", context.Request.Query
        .SelectMany(q => q.Value.Select(v => (Key: Uri.EscapeDataString(q.Key.ToLowerInvariant()), Value: Uri.EscapeDataString(v ?? ""))))
        .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => p.Key + "=" + p.Value));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
