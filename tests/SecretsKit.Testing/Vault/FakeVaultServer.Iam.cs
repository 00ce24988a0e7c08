using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Aws.Sts;

namespace SecretsKit.Testing.Vault;

/// <summary>An accepted <c>aws</c> (IAM) login: the mount, the role, the ARN the signed GetCallerIdentity resolved to, the server-ID header sent.</summary>
public sealed record FakeVaultIamLogin(string Mount, string Role, string Arn, string? ServerId, string RequestUrl);

/// <summary>
/// Vault's <c>aws</c> auth method, IAM type: the login carries a base64 SigV4-signed <c>sts:GetCallerIdentity</c>
/// (<c>iam_http_request_method</c>, <c>iam_request_url</c>, <c>iam_request_body</c>, <c>iam_request_headers</c>). Where Vault
/// replays it to STS, this fake verifies it as STS would (<see cref="CallerIdentityVerifier"/>, against the principals
/// the STS fake hands out), then checks the role's bound ARN and, when configured, the signed
/// <c>X-Vault-AWS-IAM-Server-ID</c>. Refusals are 400 with Vault's <c>errors</c> texts.
/// </summary>
public sealed partial class FakeVaultServer
{
    private readonly Dictionary<(string Mount, string Role), IamRole> _iamRoles = [];
    private readonly List<FakeVaultIamLogin> _iamLogins = [];

    private sealed record IamRole(string BoundArn, string Region, string? ServerId, IReadOnlyList<FakeAwsPrincipal> Principals);

    /// <summary>Accepted IAM logins, oldest first.</summary>
    public IReadOnlyList<FakeVaultIamLogin> IamLogins
    {
        get { lock (_gate) return [.. _iamLogins]; }
    }

    /// <summary>
    /// IAM auth at <c>auth/&lt;mount&gt;</c>: <paramref name="role"/> logs in a request signed by the principal whose ARN is
    /// <paramref name="boundArn"/>, for STS in <paramref name="region"/> (Vault's <c>sts_region</c>), with
    /// <paramref name="serverId"/> signed as <c>X-Vault-AWS-IAM-Server-ID</c> when set. <paramref name="principals"/> are
    /// the keys STS knows (the ones the STS fake issues).
    /// </summary>
    public void AddIamRole(string role, string boundArn, IEnumerable<FakeAwsPrincipal> principals, string region = "us-east-1", string? serverId = null,
        string mount = "aws")
    {
        lock (_gate) _iamRoles[(mount.Trim('/'), role)] = new IamRole(boundArn, region, serverId, [.. principals]);
    }

    private bool IsIamRole(string mount, string? role)
    {
        lock (_gate) return role is not null && _iamRoles.ContainsKey((mount, role));
    }

    private async Task IamLoginAsync(HttpContext context, string mount, JsonObject body)
    {
        string? Field(string name) => body[name] is JsonValue v ? v.GetValue<string>() : null;
        var roleName = Field("role")!;
        IamRole role;
        lock (_gate) role = _iamRoles[(mount, roleName)];
        if (Field("iam_http_request_method") is not { } method || Decode(Field("iam_request_url")) is not { } urlText
            || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || Decode(Field("iam_request_body")) is not { } requestBody
            || Decode(Field("iam_request_headers")) is not { } headerText)
        {
            await ErrorAsync(context, 400, "missing or malformed iam_http_request_method, iam_request_url, iam_request_body or iam_request_headers");
            return;
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonNode.Parse(headerText) is JsonObject h)
        {
            foreach (var (name, value) in h) headers[name] = value is JsonArray a ? string.Join(",", a.Select(x => x?.ToString())) : value?.ToString() ?? "";
        }
        if (role.ServerId is not null && !headers.ContainsKey(ServerIdHeaderName))
        {
            await ErrorAsync(context, 400, $"error validating {ServerIdHeaderName} header: missing header \"{ServerIdHeaderName}\"");
            return;
        }
        var (principal, error) = CallerIdentityVerifier.Verify(method, url, requestBody, headers, role.Principals, role.Region, _time.GetUtcNow(),
            role.ServerId is { } id ? (ServerIdHeaderName, id) : null);
        if (principal is null)
        {
            await ErrorAsync(context, 400, error!.StartsWith("the header", StringComparison.Ordinal)
                ? $"error validating {ServerIdHeaderName} header: {error}"
                : "error making upstream request: received error code 403 from STS: " + error);
            return;
        }
        if (principal.Arn != role.BoundArn)
        {
            await ErrorAsync(context, 400, $"IAM Principal \"{principal.Arn}\" does not belong to the role \"{roleName}\"");
            return;
        }
        lock (_gate) _iamLogins.Add(new FakeVaultIamLogin(mount, roleName, principal.Arn, headers.GetValueOrDefault(ServerIdHeaderName), url.ToString()));
        var token = IssueToken(LoginTokenTtl, LoginTokensRenewable);
        await OkAsync(context, AuthBody(token, LoginTokenTtl, LoginTokensRenewable));
    }

    private const string ServerIdHeaderName = "X-Vault-AWS-IAM-Server-ID";

    private static string? Decode(string? base64)
    {
        try
        {
            return base64 is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
