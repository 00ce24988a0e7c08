using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Http;

/// <summary>
/// An independent SigV4 computation from the request as the fake received it (method, path as sent, query, signed
/// headers, payload hash), used by the AWS fakes to verify clients' signatures. The path is used as sent on the wire
/// (already percent-encoded once), which is S3's canonical URI and equals the JSON services' <c>/</c>.
/// </summary>
public static class SigV4Verifier
{
    public static string Signature(HttpContext context, string[] signedHeaders, string payloadSha256Hex, string amzDate, string date,
        string region, string service, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var rawPath = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        return Signature(context.Request.Method, rawPath, name => name == "host" ? context.Request.Host.Value : context.Request.Headers[name].ToString(),
            signedHeaders, payloadSha256Hex, amzDate, date, region, service, secretKey);
    }

    /// <summary>
    /// The same computation for a request that was handed over rather than received (Vault's <c>iam_request_*</c>, Google's
    /// <c>aws4_request</c> subject token): its method, path and query as sent, and a lookup of its headers by lower-case name.
    /// </summary>
    public static string Signature(string method, string rawTarget, Func<string, string?> header, string[] signedHeaders, string payloadSha256Hex,
        string amzDate, string date, string region, string service, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var canonical = new StringBuilder();
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? rawTarget[(q + 1)..] : "";
        var path = q >= 0 ? rawTarget[..q] : rawTarget;
        canonical.Append(method).Append('\n').Append(path.Length == 0 ? "/" : path).Append('\n');
        canonical.Append(CanonicalQuery(query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            canonical.Append(name).Append(':').Append(header(name)?.Trim()).Append('\n');
        }
        canonical.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadSha256Hex);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    /// <summary>Query pairs sorted by name then value, each kept as sent (clients send them already encoded).</summary>
    private static string CanonicalQuery(string query) => string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Contains('=', StringComparison.Ordinal) ? p : p + "=")
        .Order(StringComparer.Ordinal));
}
