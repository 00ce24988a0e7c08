using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Sts;

/// <summary>An AWS principal a fake STS knows: the access key it signs with and the ARN <c>GetCallerIdentity</c> answers.</summary>
public sealed record FakeAwsPrincipal(string Arn, string AccessKeyId, string SecretAccessKey);

/// <summary>
/// What STS does with a <c>sts:GetCallerIdentity</c> request a third party replays (Vault's <c>aws</c> auth, Google STS's
/// <c>aws4_request</c> subject token): parse the SigV4 <c>Authorization</c>, find the principal by access key, recompute
/// the signature independently (<see cref="SigV4Verifier"/>) with its secret, check the scope's region and service, the
/// <c>X-Amz-Date</c> within 15 minutes of the clock, the action, and that a required header is signed with its value.
/// </summary>
public static partial class CallerIdentityVerifier
{
    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    /// <summary>The principal that signed the request, or the error STS (or the relying party) would answer.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="url">Its URL.</param>
    /// <param name="body">Its body.</param>
    /// <param name="headers">Its headers (any case).</param>
    /// <param name="principals">The principals STS knows.</param>
    /// <param name="region">The region the relying party expects the request to be signed for.</param>
    /// <param name="now">STS's clock.</param>
    /// <param name="required">A header that must be signed and have this value (Vault's server ID, Google's target resource), or null.</param>
    public static (FakeAwsPrincipal? Principal, string? Error) Verify(string method, Uri url, string body, IReadOnlyDictionary<string, string> headers,
        IEnumerable<FakeAwsPrincipal> principals, string region, DateTimeOffset now, (string Name, string Value)? required)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(headers);
        var lower = headers.ToDictionary(kv => kv.Key.ToLowerInvariant(), kv => kv.Value, StringComparer.Ordinal);
        var match = AuthorizationPattern().Match(lower.GetValueOrDefault("authorization") ?? "");
        if (method != "POST" || !match.Success)
        {
            return (null, "IncompleteSignature: the request is not a SigV4-signed POST");
        }
        var action = url.Query.TrimStart('?') + "&" + body;
        if (!action.Contains("Action=GetCallerIdentity", StringComparison.Ordinal) || !action.Contains("Version=2011-06-15", StringComparison.Ordinal))
        {
            return (null, "InvalidAction: the request is not sts:GetCallerIdentity");
        }
        if (match.Groups["service"].Value != "sts" || match.Groups["region"].Value != region)
        {
            return (null, $"SignatureDoesNotMatch: Credential should be scoped to a valid region and service sts, expected '{region}'");
        }
        var signed = match.Groups["headers"].Value.Split(';');
        if (required is { } r && (!signed.Contains(r.Name.ToLowerInvariant()) || lower.GetValueOrDefault(r.Name.ToLowerInvariant()) != r.Value))
        {
            return (null, $"the header {r.Name} is missing, unsigned or not '{r.Value}'");
        }
        var amzDate = lower.GetValueOrDefault("x-amz-date") ?? "";
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return (null, "IncompleteSignature: X-Amz-Date is missing or does not match the credential scope");
        }
        if ((now - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return (null, $"SignatureDoesNotMatch: Signature expired: {amzDate} is now earlier than {now.AddMinutes(-15).UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");
        }
        var principal = principals.FirstOrDefault(p => p.AccessKeyId == match.Groups["key"].Value);
        if (principal is null)
        {
            return (null, "InvalidClientTokenId: The security token included in the request is invalid.");
        }
        var rawTarget = url.PathAndQuery;
        var computed = SigV4Verifier.Signature(method, rawTarget, name => name == "host" ? lower.GetValueOrDefault("host") : lower.GetValueOrDefault(name), signed,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))), amzDate, match.Groups["date"].Value, region, "sts", principal.SecretAccessKey);
        return computed == match.Groups["sig"].Value
            ? (principal, null)
            : (null, "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.");
    }
}
