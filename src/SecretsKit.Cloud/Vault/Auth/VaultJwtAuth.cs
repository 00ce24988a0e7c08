using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// JWT/OIDC auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role and a JWT, given directly, read from a file on
/// every login, or handed out for every login by a token source (a ServiceAccount's token, minted on demand).
/// </summary>
public sealed class VaultJwtAuth : VaultAuthMethod
{
    private readonly string _role;
    private readonly Func<CancellationToken, Task<string>> _jwt;
    private readonly string _mount;

    private VaultJwtAuth(string role, Func<CancellationToken, Task<string>> jwt, string mount)
    {
        (_role, _jwt, _mount) = (role, jwt, mount);
    }

    /// <summary>Logs in with a fixed JWT.</summary>
    public static VaultJwtAuth WithToken(string role, string jwt, string mount = "jwt")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        return new(role, _ => Task.FromResult(jwt), mount);
    }

    /// <summary>Logs in with the JWT found in <paramref name="jwtPath"/> (read at each login).</summary>
    public static VaultJwtAuth WithTokenFile(string role, string jwtPath, string mount = "jwt")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        return new(role, _ => Task.FromResult(ReadFile(jwtPath, "JWT")), mount);
    }

    /// <summary>Logs in with the JWT <paramref name="jwt"/> hands out for each login. The role may be empty (the mount's default role).</summary>
    public static VaultJwtAuth WithTokenSource(string role, Func<CancellationToken, Task<string>> jwt, string mount = "jwt") => new(role, jwt, mount);

    public override string Description => $"jwt auth at auth/{_mount.Trim('/')}, role '{_role}'";

    internal override async Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var jwt = await _jwt(cancellationToken);
        return await LoginAtMountAsync(client, _mount, new JsonObject { ["role"] = _role, ["jwt"] = jwt }, cancellationToken);
    }
}
