using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Vault;

/// <summary>An accepted <c>gcp</c> (iam type) login: the mount, the role, the JWT's subject and audience, its lifetime left on Vault's clock.</summary>
public sealed record FakeVaultGcpLogin(string Mount, string Role, string Subject, string Audience, TimeSpan ExpiresIn);

/// <summary>
/// Vault's <c>gcp</c> auth method, <c>iam</c> type: the login's <c>jwt</c> must be RS256-signed by the Google service
/// account's key (the public key the GCP fake's <c>signJwt</c> signs with, as Vault fetches it from Google), with
/// <c>aud</c> = <c>vault/ROLE</c>, <c>sub</c> = a service account bound to the role, and an <c>exp</c> ahead of Vault's
/// clock by at most <c>max_jwt_exp</c> (15 minutes). Refusals are 400 (403 for an unbound account) with Vault's <c>errors</c>.
/// </summary>
public sealed partial class FakeVaultServer
{
    private static readonly TimeSpan MaxJwtExp = TimeSpan.FromMinutes(15);
    private readonly Dictionary<(string Mount, string Role), (string ServiceAccount, RSA Key)> _gcpRoles = [];
    private readonly List<FakeVaultGcpLogin> _gcpLogins = [];

    /// <summary>Accepted GCP logins, oldest first.</summary>
    public IReadOnlyList<FakeVaultGcpLogin> GcpLogins
    {
        get { lock (_gate) return [.. _gcpLogins]; }
    }

    /// <summary>GCP auth (iam type) at <c>auth/&lt;mount&gt;</c>: <paramref name="role"/> is bound to <paramref name="serviceAccount"/>, whose JWTs <paramref name="publicKey"/> verifies.</summary>
    public void AddGcpRole(string role, string serviceAccount, RSA publicKey, string mount = "gcp")
    {
        lock (_gate) _gcpRoles[(mount.Trim('/'), role)] = (serviceAccount, publicKey);
    }

    private bool IsGcpRole(string mount, string? role)
    {
        lock (_gate) return role is not null && _gcpRoles.ContainsKey((mount, role));
    }

    private async Task GcpLoginAsync(HttpContext context, string mount, string role, string? jwt)
    {
        (string ServiceAccount, RSA Key) bound;
        lock (_gate) bound = _gcpRoles[(mount, role)];
        var parts = (jwt ?? "").Split('.');
        JsonObject? claims = null;
        var signed = false;
        try
        {
            if (parts.Length == 3 && JsonNode.Parse(FromBase64Url(parts[0]))?["alg"]?.ToString() == "RS256")
            {
                signed = bound.Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
            }
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
        }
        if (!signed || claims is null)
        {
            await ErrorAsync(context, 400, "unable to verify signed JWT: the signature is not from the service account's keys");
            return;
        }
        var audience = claims["aud"]?.ToString() ?? "";
        var subject = claims["sub"]?.ToString() ?? "";
        var expiresIn = claims["exp"] is JsonValue e && e.TryGetValue<long>(out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp) - _time.GetUtcNow()
            : TimeSpan.MinValue;
        var refusal = audience != "vault/" + role ? $"JWT has an invalid audience \"{audience}\", expected \"vault/{role}\""
            : expiresIn == TimeSpan.MinValue ? "JWT has no exp claim"
            : expiresIn <= TimeSpan.Zero ? "JWT is expired (exp)"
            : expiresIn > MaxJwtExp ? $"JWT expires in {(int)expiresIn.TotalMinutes} minutes, more than max_jwt_exp ({(int)MaxJwtExp.TotalMinutes}m)"
            : null;
        if (refusal is not null)
        {
            await ErrorAsync(context, 400, refusal);
            return;
        }
        if (subject != bound.ServiceAccount)
        {
            await ErrorAsync(context, 403, $"service account \"{subject}\" is not authorized for role \"{role}\"");
            return;
        }
        lock (_gate) _gcpLogins.Add(new FakeVaultGcpLogin(mount, role, subject, audience, expiresIn));
        var token = IssueToken(LoginTokenTtl, LoginTokensRenewable);
        await OkAsync(context, AuthBody(token, LoginTokenTtl, LoginTokensRenewable));
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
