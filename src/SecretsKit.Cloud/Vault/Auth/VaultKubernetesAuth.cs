using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// Kubernetes auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role and a service-account JWT, fetched again for
/// every login: read from a file (the pod's own token; projected tokens rotate) or minted for a named ServiceAccount.
/// </summary>
public sealed class VaultKubernetesAuth : VaultAuthMethod
{
    /// <summary>The in-pod service-account token file.</summary>
    public const string DefaultTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private readonly string _role;
    private readonly string _mount;
    private readonly Func<CancellationToken, Task<string>> _jwt;

    /// <summary>Logs in with the token in <paramref name="tokenPath"/>, read at each login.</summary>
    public VaultKubernetesAuth(string role, string tokenPath = DefaultTokenPath, string mount = "kubernetes")
        : this(role, _ => Task.FromResult(ReadFile(tokenPath, "service-account token")), mount)
    {
    }

    private VaultKubernetesAuth(string role, Func<CancellationToken, Task<string>> jwt, string mount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        (_role, _jwt, _mount) = (role, jwt, mount);
    }

    /// <summary>Logs in with a token <paramref name="jwt"/> hands out for each login (a ServiceAccount's, minted on demand).</summary>
    public static VaultKubernetesAuth WithTokenSource(string role, Func<CancellationToken, Task<string>> jwt, string mount = "kubernetes") =>
        new(role, jwt, mount);

    public override string Description => $"kubernetes auth at auth/{_mount.Trim('/')}, role '{_role}'";

    internal override async Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var jwt = await _jwt(cancellationToken);
        return await LoginAtMountAsync(client, _mount, new JsonObject { ["role"] = _role, ["jwt"] = jwt }, cancellationToken);
    }
}
