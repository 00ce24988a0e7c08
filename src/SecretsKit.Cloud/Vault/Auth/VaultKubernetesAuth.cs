using SecretsKit.Cloud.Providers;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// Kubernetes auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role and a service-account JWT, fetched again for
/// every login: read from a file (the pod's own token; projected tokens rotate) or minted for a named ServiceAccount.
/// </summary>
public sealed class VaultKubernetesAuth : VaultAuthMethod
{
    /// <summary>
    /// <c>auth.kubernetes</c>: <c>role</c>, <c>mountPath</c> (default <c>kubernetes</c>), and a token minted for
    /// <c>serviceAccountRef</c>, read from <c>secretRef</c>, or (a ClusterSecretStore only) the agent's own.
    /// </summary>
    internal static VaultAuthSpec Spec { get; } = new("kubernetes", ["mountPath", "role", "secretRef", "serviceAccountRef"], async (spec, k8s, ct) =>
    {
        var role = SpecJson.Str(k8s["role"]) ?? throw new StoreConfigException($"store {spec.StoreName}: auth.kubernetes.role is required");
        var mount = SpecJson.Str(k8s["mountPath"]) ?? "kubernetes";
        if (k8s["serviceAccountRef"] is { } saRef)
        {
            // ESO: the ServiceAccount's own audiences only (none: the API server's), 10 minutes
            return WithTokenSource(role,
                c => spec.ServiceAccounts.TokenAsync(saRef, [], VaultAuthSpec.TokenSeconds, "auth.kubernetes.serviceAccountRef", c), mount);
        }
        if (k8s["secretRef"] is { } jwtRef)
        {
            return VaultJwtAuth.WithToken(role, await spec.Credentials.ReadAsync(jwtRef, "auth.kubernetes.secretRef", ct), mount);
        }
        return spec.MayUseAgentServiceAccount
            ? new VaultKubernetesAuth(role, mount: mount)
            : throw new StoreConfigException($"store {spec.StoreName}: auth.kubernetes needs serviceAccountRef or secretRef in a SecretStore; "
                + "only a ClusterSecretStore may log in with the agent's own service-account token");
    });

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
