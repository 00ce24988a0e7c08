using SecretsKit.Cloud.Providers;
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

    /// <summary>
    /// <c>auth.jwt</c>: <c>role</c>, <c>path</c> (default <c>jwt</c>), and a JWT from <c>secretRef</c> or minted for
    /// <c>kubernetesServiceAccountToken</c> (its ServiceAccount's audiences plus these, default <c>vault</c>; 10 minutes
    /// unless <c>expirationSeconds</c> says otherwise).
    /// </summary>
    internal static VaultAuthSpec Spec { get; } = new("jwt",
        ["path", "role", "secretRef", "kubernetesServiceAccountToken", "kubernetesServiceAccountToken.serviceAccountRef",
         "kubernetesServiceAccountToken.audiences", "kubernetesServiceAccountToken.expirationSeconds"], async (spec, jwt, ct) =>
    {
        var role = SpecJson.Str(jwt["role"]) ?? "";
        var mount = SpecJson.Str(jwt["path"]) ?? "jwt";
        if (jwt["secretRef"] is { } jwtRef)
        {
            var token = await spec.Credentials.ReadAsync(jwtRef, "auth.jwt.secretRef", ct);
            return WithTokenSource(role, _ => Task.FromResult(token), mount);
        }
        if (jwt["kubernetesServiceAccountToken"] is not JsonObject sat)
        {
            throw new StoreConfigException($"store {spec.StoreName}: auth.jwt needs secretRef or kubernetesServiceAccountToken");
        }
        IReadOnlyList<string> audiences = sat["audiences"] is JsonArray a ? [.. a.Select(SpecJson.Str).OfType<string>()] : ["vault"];
        var seconds = SpecJson.Str(sat["expirationSeconds"]) is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : VaultAuthSpec.TokenSeconds;
        var saRef = sat["serviceAccountRef"];
        return WithTokenSource(role,
            c => spec.ServiceAccounts.TokenAsync(saRef, audiences, seconds, "auth.jwt.kubernetesServiceAccountToken.serviceAccountRef", c), mount);
    });

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
