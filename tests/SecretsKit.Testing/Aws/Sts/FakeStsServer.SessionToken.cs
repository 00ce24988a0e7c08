using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Sts;

/// <summary>
/// STS's <c>GetSessionToken</c> (version 2011-06-15), as strict as the real one: a form POST
/// (<c>application/x-www-form-urlencoded</c>), SigV4 scoped to <c>sts</c> and the region, the signature verified against
/// the keys of <see cref="ExpectCredentials"/>; <c>DurationSeconds</c> 900–129600; an MFA <c>SerialNumber</c> needs a
/// six-digit <c>TokenCode</c> equal to <see cref="ExpectedTokenCode"/> when set.
/// </summary>
public sealed partial class FakeStsServer
{
    private (string Id, string Secret)? _expectedSessionCaller;
    private int _issued;

    /// <summary>The TOTP code an MFA-bound request must carry (null: any six digits).</summary>
    public string? ExpectedTokenCode { get; set; }

    /// <summary>The form fields of the last accepted <c>GetSessionToken</c>.</summary>
    public IReadOnlyDictionary<string, string> LastForm { get; private set; } = new Dictionary<string, string>();

    /// <summary>The long-term keys <c>GetSessionToken</c> must be signed with.</summary>
    public void ExpectCredentials(string accessKeyId, string secretAccessKey) => _expectedSessionCaller = (accessKeyId, secretAccessKey);

    /// <summary>The session issued by the <paramref name="n"/>th accepted <c>GetSessionToken</c> (1-based).</summary>
    public static (string AccessKeyId, string SecretAccessKey, string SessionToken) Issued(int n) =>
        ($"ASIASESSION{n:D4}", $"session-secret-{n}", $"session-token-{n}");

    private async Task SessionTokenAsync(HttpContext context, string body)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !(context.Request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, "InvalidAction", "Could not find operation for this request");
            return;
        }
        var signature = AwsRequestSignature.TryParse(context.Request.Headers.Authorization.ToString(), context.Request.Headers["X-Amz-Date"].ToString());
        if (signature is null)
        {
            await ErrorAsync(context, 400, "IncompleteSignature", "The request signature does not conform to AWS standards.");
            return;
        }
        if (signature.Service != "sts" || signature.Region != Region)
        {
            await ErrorAsync(context, 403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region and service.");
            return;
        }
        if (_expectedSessionCaller is { } expected)
        {
            var computed = SigV4Verifier.Signature(context, signature.SignedHeaders.Split(';'), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
                context.Request.Headers["X-Amz-Date"].ToString(), signature.Date, Region, "sts", expected.Secret);
            if (signature.AccessKeyId != expected.Id)
            {
                await ErrorAsync(context, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
                return;
            }
            if (!context.Request.Headers.Authorization.ToString().EndsWith("Signature=" + computed, StringComparison.Ordinal))
            {
                await ErrorAsync(context, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
                return;
            }
        }
        var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
        if (form.GetValueOrDefault("Version") != "2011-06-15")
        {
            await ErrorAsync(context, 400, "InvalidAction", "Could not find operation for this request");
            return;
        }
        var duration = 43200;
        if (form.TryGetValue("DurationSeconds", out var d) && (!int.TryParse(d, CultureInfo.InvariantCulture, out duration) || duration is < 900 or > 129600))
        {
            await ErrorAsync(context, 400, "ValidationError", "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint");
            return;
        }
        if (form.TryGetValue("SerialNumber", out _) && (!form.TryGetValue("TokenCode", out var code) || code.Length != 6 || (ExpectedTokenCode is { } want && code != want)))
        {
            await ErrorAsync(context, 403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
            return;
        }
        LastForm = form;
        var (id, secret, token) = Issued(Interlocked.Increment(ref _issued));
        var expires = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds() + duration).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            "<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetSessionTokenResult><Credentials>" +
            $"<SessionToken>{token}</SessionToken><SecretAccessKey>{secret}</SecretAccessKey><Expiration>{expires}</Expiration><AccessKeyId>{id}</AccessKeyId>" +
            "</Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>58c5dbae-abef-11e0-8cfe-09039844ac7d</RequestId></ResponseMetadata></GetSessionTokenResponse>");
    }
}
