using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// JWT/OIDC auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role and a JWT, given directly or read from a
/// file on every login.
/// </summary>
public sealed class VaultJwtAuth : VaultAuthMethod
{
    private readonly string _role;
    private readonly string? _jwt;
    private readonly string? _jwtPath;
    private readonly string _mount;

    private VaultJwtAuth(string role, string? jwt, string? jwtPath, string mount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        (_role, _jwt, _jwtPath, _mount) = (role, jwt, jwtPath, mount);
    }

    /// <summary>Logs in with a fixed JWT.</summary>
    public static VaultJwtAuth WithToken(string role, string jwt, string mount = "jwt") => new(role, jwt, null, mount);

    /// <summary>Logs in with the JWT found in <paramref name="jwtPath"/> (read at each login).</summary>
    public static VaultJwtAuth WithTokenFile(string role, string jwtPath, string mount = "jwt") => new(role, null, jwtPath, mount);

    public override string Description => $"jwt auth at auth/{_mount.Trim('/')}, role '{_role}'";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var jwt = _jwt ?? ReadFile(_jwtPath!, "JWT");
        return LoginAtMountAsync(client, _mount, new JsonObject { ["role"] = _role, ["jwt"] = jwt }, cancellationToken);
    }
}
