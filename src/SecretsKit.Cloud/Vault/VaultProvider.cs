using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Vault;

/// <summary>
/// <c>spec.provider.vault</c> (KV v1/v2; token, AppRole or Kubernetes auth) and <c>ref+vault://MOUNT/PATH</c>
/// (<c>VAULT_ADDR</c>/<c>VAULT_TOKEN</c>).
/// </summary>
public sealed class VaultProvider : ISecretStoreProvider
{
    public string Name => "vault";

    public IReadOnlyList<string> Fields { get; } =
    [
        "server", "path", "version", "namespace", "auth", "auth.tokenSecretRef", "auth.appRole", "auth.appRole.path",
        "auth.appRole.roleId", "auth.appRole.roleRef", "auth.appRole.secretRef", "auth.kubernetes", "auth.kubernetes.mountPath",
        "auth.kubernetes.role", "auth.kubernetes.secretRef",
    ];

    public IReadOnlyList<RefScheme> RefSchemes { get; } =
    [
        new("vault", (path, text) => RefPaths.SplitFirst(path, text, "vault"),
            (mount, context, _) => new VaultKvStore(new VaultClient(VaultEnvironment.CreateOptions(context.Environment)), mount)),
    ];

    public string? UnsupportedValue(JsonObject spec) => null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var p = spec.Spec;
        var server = SpecJson.Required(spec, Name, "server");
        var client = new VaultClient(new VaultClientOptions
        {
            Address = new Uri(server),
            Auth = await AuthAsync(spec, p["auth"] as JsonObject ?? new JsonObject(), cancellationToken),
            Namespace = SpecJson.Str(p["namespace"]),
            Retry = spec.Context.Retry,
            Time = spec.Context.Time,
            Warn = _ => { },
        });
        return new VaultKvStore(client, SpecJson.Str(p["path"]) ?? "secret", SpecJson.Str(p["version"]) == "v1" ? 1 : 2);
    }

    private static async Task<VaultAuthMethod> AuthAsync(ProviderSpec spec, JsonObject auth, CancellationToken ct)
    {
        var credentials = spec.Credentials;
        if (auth["tokenSecretRef"] is { } tokenRef)
        {
            return new VaultTokenAuth(await credentials.ReadAsync(tokenRef, "auth.tokenSecretRef", ct));
        }
        if (auth["appRole"] is JsonObject appRole)
        {
            var roleId = SpecJson.Str(appRole["roleId"]) ?? await credentials.ReadAsync(appRole["roleRef"], "auth.appRole.roleRef", ct);
            var secretId = await credentials.ReadAsync(appRole["secretRef"], "auth.appRole.secretRef", ct);
            return new VaultAppRoleAuth(roleId, secretId, SpecJson.Str(appRole["path"]) ?? "approle");
        }
        if (auth["kubernetes"] is JsonObject k8s)
        {
            var role = SpecJson.Str(k8s["role"]) ?? throw new StoreConfigException($"store {spec.StoreName}: auth.kubernetes.role is required");
            var mount = SpecJson.Str(k8s["mountPath"]) ?? "kubernetes";
            if (k8s["secretRef"] is { } jwtRef)
            {
                return VaultJwtAuth.WithToken(role, await credentials.ReadAsync(jwtRef, "auth.kubernetes.secretRef", ct), mount);
            }
            return spec.MayUseAgentServiceAccount
                ? new VaultKubernetesAuth(role, mount: mount)
                : throw new StoreConfigException($"store {spec.StoreName}: auth.kubernetes needs secretRef in a SecretStore; "
                    + "only a ClusterSecretStore may log in with the agent's own service-account token");
        }
        throw new StoreConfigException($"store {spec.StoreName}: spec.provider.vault.auth needs tokenSecretRef, appRole or kubernetes");
    }
}
