using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// AWS IAM auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the Vault role and a <c>sts:GetCallerIdentity</c> request
/// signed (not sent) with the store's AWS credentials, which Vault replays to STS to learn the caller's ARN. The
/// request's method, URL, body and headers go base64-encoded, as Vault's <c>iam_*</c> fields; the optional
/// <c>X-Vault-AWS-IAM-Server-ID</c> header is signed with it, so a request signed for one Vault cannot log in to another.
/// Credentials are asked for at each login (STS ones refresh themselves).
/// </summary>
public sealed class VaultIamAuth : VaultAuthMethod
{
    /// <summary>The header Vault's <c>iam_server_id_header_value</c> setting checks.</summary>
    public const string ServerIdHeader = "X-Vault-AWS-IAM-Server-ID";

    private readonly string _role;
    private readonly string _mount;
    private readonly AWSCredentials _credentials;
    private readonly Uri _stsUrl;
    private readonly string _region;
    private readonly string? _serverId;
    private readonly TimeProvider _time;

    /// <param name="role">The Vault role (ESO's <c>vaultRole</c>).</param>
    /// <param name="credentials">The AWS credentials that sign the request.</param>
    /// <param name="stsUrl">The STS endpoint the request is signed for.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="serverId">The <c>X-Vault-AWS-IAM-Server-ID</c> value, or null for none.</param>
    /// <param name="mount">The auth mount (ESO's default <c>aws</c>).</param>
    /// <param name="time">The clock of <c>X-Amz-Date</c>.</param>
    public VaultIamAuth(string role, AWSCredentials credentials, Uri stsUrl, string region, string? serverId, string mount, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(credentials);
        (_role, _credentials, _stsUrl, _region, _serverId, _mount, _time) = (role, credentials, stsUrl, region, serverId, mount, time);
    }

    public override string Description => $"iam auth at auth/{_mount.Trim('/')}, role '{_role}'";

    internal override async Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync();
        IEnumerable<KeyValuePair<string, string>> extra = _serverId is { Length: > 0 } id ? [new(ServerIdHeader, id)] : [];
        var signed = SignedCallerIdentityRequest.Create(credentials, _stsUrl, SignedCallerIdentityRequest.Action, _region, _time.GetUtcNow().UtcDateTime, extra);
        var headers = new JsonObject();
        foreach (var (name, value) in signed.Headers) headers[name] = new JsonArray(value);
        return await LoginAtMountAsync(client, _mount, new JsonObject
        {
            ["role"] = _role,
            ["iam_http_request_method"] = signed.Method,
            ["iam_request_url"] = Base64(signed.Url.ToString()),
            ["iam_request_body"] = Base64(signed.Body),
            ["iam_request_headers"] = Base64(headers.ToJsonString()),
        }, cancellationToken);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
