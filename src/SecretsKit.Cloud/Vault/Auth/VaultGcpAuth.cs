using System.Text.Json.Nodes;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// Google Cloud auth, <c>iam</c> type: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role and a JWT that IAM
/// Credentials' <c>signJwt</c> signed for the Google service account (claims <c>sub</c> = the account, <c>aud</c> =
/// <c>vault/ROLE</c>, <c>exp</c> 10 minutes ahead, inside Vault's default 15-minute <c>max_jwt_exp</c>). A new JWT is
/// signed for every login.
/// </summary>
public sealed class VaultGcpAuth : VaultAuthMethod
{
    /// <summary>How far ahead the JWT expires.</summary>
    public static readonly TimeSpan JwtLifetime = TimeSpan.FromMinutes(10);

    private readonly string _role;
    private readonly string _mount;
    private readonly string _email;
    private readonly GcpIamJwtSigner _signer;
    private readonly TimeProvider _time;

    internal VaultGcpAuth(string role, string email, GcpIamJwtSigner signer, string mount, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        (_role, _email, _signer, _mount, _time) = (role, email, signer, mount, time);
    }

    public override string Description => $"gcp auth at auth/{_mount.Trim('/')}, role '{_role}'";

    internal override async Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var claims = new JsonObject
        {
            ["sub"] = _email,
            ["aud"] = "vault/" + _role,
            ["exp"] = (_time.GetUtcNow() + JwtLifetime).ToUnixTimeSeconds(),
        };
        var jwt = await _signer.SignAsync(_email, claims, cancellationToken);
        return await LoginAtMountAsync(client, _mount, new JsonObject { ["role"] = _role, ["jwt"] = jwt }, cancellationToken);
    }
}
