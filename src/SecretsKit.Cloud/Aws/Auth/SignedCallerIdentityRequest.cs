using System.Text;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Http;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// A SigV4-signed <c>sts:GetCallerIdentity</c> POST that is not sent: the caller hands it to a third party (Vault's
/// <c>aws</c> auth, Google STS's <c>aws4_request</c> subject token) which replays it to STS to learn who signed it.
/// Vault puts the action in the body; Google puts it in the query and sends no body. Extra headers (Vault's
/// <c>X-Vault-AWS-IAM-Server-ID</c>, Google's <c>x-goog-cloud-target-resource</c>) are signed with the rest.
/// </summary>
internal sealed record SignedCallerIdentityRequest(string Method, Uri Url, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The Query-protocol parameters of the call.</summary>
    public const string Action = "Action=GetCallerIdentity&Version=2011-06-15";

    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Signs the call for <paramref name="url"/> with <paramref name="credentials"/> in <paramref name="region"/>, at <paramref name="signedAtUtc"/>.</summary>
    public static SignedCallerIdentityRequest Create(ImmutableCredentials credentials, Uri url, string body, string region, DateTime signedAtUtc,
        IEnumerable<KeyValuePair<string, string>> extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(url);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", url.IsDefaultPort ? url.Host : url.Authority),
            new("X-Amz-Date", SigV4Signer.FormatDate(signedAtUtc)),
        };
        if (body.Length > 0) headers.Add(new("Content-Type", FormContentType));
        if (credentials.UseToken) headers.Add(new("X-Amz-Security-Token", credentials.Token));
        headers.AddRange(extraHeaders);
        var (canonical, signedHeaders) = SigV4Signer.Canonicalize("POST", url, headers, SigV4Signer.Sha256Hex(Encoding.UTF8.GetBytes(body)));
        headers.Add(new("Authorization", SigV4Signer.Authorization(credentials, region, "sts", signedAtUtc, signedHeaders, canonical)));
        return new SignedCallerIdentityRequest("POST", url, body, headers);
    }
}
