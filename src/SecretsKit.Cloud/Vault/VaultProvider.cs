using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Vault;

/// <summary>
/// <c>spec.provider.vault</c> (KV v1/v2; token, AppRole, Kubernetes, JWT, userpass, LDAP, cert, AWS IAM or GCP auth, with ESO's mount
/// defaults; a ServiceAccount's token minted per login) and <c>ref+vault://MOUNT/PATH</c>
/// (<c>VAULT_ADDR</c>/<c>VAULT_TOKEN</c>).
/// </summary>
public sealed class VaultProvider : ISecretStoreProvider
{
    public string Name => "vault";

    public IReadOnlyList<string> Fields { get; } =
    [
        "server", "path", "version", "namespace", "auth", "auth.tokenSecretRef", "auth.appRole", "auth.appRole.path",
        "auth.appRole.roleId", "auth.appRole.roleRef", "auth.appRole.secretRef", "auth.kubernetes", "auth.kubernetes.mountPath",
        "auth.kubernetes.role", "auth.kubernetes.secretRef", "auth.kubernetes.serviceAccountRef",
        "auth.jwt", "auth.jwt.path", "auth.jwt.role", "auth.jwt.secretRef", "auth.jwt.kubernetesServiceAccountToken",
        "auth.jwt.kubernetesServiceAccountToken.serviceAccountRef", "auth.jwt.kubernetesServiceAccountToken.audiences",
        "auth.jwt.kubernetesServiceAccountToken.expirationSeconds",
        "auth.userPass", "auth.userPass.path", "auth.userPass.username", "auth.userPass.secretRef",
        "auth.ldap", "auth.ldap.path", "auth.ldap.username", "auth.ldap.secretRef",
        "auth.cert", "auth.cert.path", "auth.cert.vaultRole", "auth.cert.clientCert", "auth.cert.secretRef",
        "caBundle", "caProvider", "caProvider.type", "caProvider.name", "caProvider.key", "caProvider.namespace",
        "tls", "tls.certSecretRef", "tls.keySecretRef",
        .. VaultIamStoreAuth.Fields, .. VaultGcpStoreAuth.Fields,
    ];

    /// <summary>ESO's lifetime of a ServiceAccount token minted for a Vault login.</summary>
    private const long TokenSeconds = 600;

    public IReadOnlyList<RefScheme> RefSchemes { get; } =
    [
        new("vault", (path, text) => RefPaths.SplitFirst(path, text, "vault"),
            (mount, context, _) => new VaultKvStore(new VaultClient(VaultEnvironment.CreateOptions(context.Environment)), mount)),
    ];

    /// <summary>A <c>caProvider</c> of a type other than ESO's Secret and ConfigMap.</summary>
    public string? UnsupportedValue(JsonObject spec) =>
        spec["caProvider"] is JsonObject ca && SpecJson.Str(ca["type"]) is { } type && type is not ("Secret" or "ConfigMap") ? "caProvider.type" : null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var client = new VaultClient(await ClientOptionsAsync(spec, cancellationToken));
        return new VaultKvStore(client, Mount(spec), KvVersion(spec));
    }

    /// <summary>The store's KV mount (<c>path</c>, default <c>secret</c>).</summary>
    public static string Mount(ProviderSpec spec) => SpecJson.Str(spec?.Spec["path"]) ?? "secret";

    /// <summary>The store's KV version: 1 for <c>version: v1</c>, else 2.</summary>
    public static int KvVersion(ProviderSpec spec) => SpecJson.Str(spec?.Spec["version"]) == "v1" ? 1 : 2;

    /// <summary>The client settings of a store (server, auth, TLS, namespace), as its KV store and its event subscription use them.</summary>
    public static async Task<VaultClientOptions> ClientOptionsAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var p = spec.Spec;
        var server = SpecJson.Required(spec, "vault", "server");
        var auth = p["auth"] as JsonObject ?? new JsonObject();
        return new VaultClientOptions
        {
            Address = new Uri(server),
            ConnectCallback = LinkLocalGuard.ConnectAsync, // the server is store-named: never instance metadata
            Auth = await AuthAsync(spec, auth, cancellationToken),
            CaCertificatesPem = await VaultStoreTls.CaBundleAsync(spec, cancellationToken),
            ClientCertificate = await VaultStoreTls.ClientCertificateAsync(spec, auth, cancellationToken),
            Namespace = SpecJson.Str(p["namespace"]),
            Retry = spec.Context.Retry,
            Time = spec.Context.Time,
            Warn = _ => { },
        };
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
            if (k8s["serviceAccountRef"] is { } saRef)
            {
                // ESO: the ServiceAccount's own audiences only (none: the API server's), 10 minutes
                return VaultKubernetesAuth.WithTokenSource(role,
                    c => spec.ServiceAccounts.TokenAsync(saRef, [], TokenSeconds, "auth.kubernetes.serviceAccountRef", c), mount);
            }
            if (k8s["secretRef"] is { } jwtRef)
            {
                return VaultJwtAuth.WithToken(role, await credentials.ReadAsync(jwtRef, "auth.kubernetes.secretRef", ct), mount);
            }
            return spec.MayUseAgentServiceAccount
                ? new VaultKubernetesAuth(role, mount: mount)
                : throw new StoreConfigException($"store {spec.StoreName}: auth.kubernetes needs serviceAccountRef or secretRef in a SecretStore; "
                    + "only a ClusterSecretStore may log in with the agent's own service-account token");
        }
        if (auth["jwt"] is JsonObject jwt)
        {
            var role = SpecJson.Str(jwt["role"]) ?? "";
            var mount = SpecJson.Str(jwt["path"]) ?? "jwt";
            if (jwt["secretRef"] is { } jwtRef)
            {
                return VaultJwtAuth.WithTokenSource(role, Fixed(await credentials.ReadAsync(jwtRef, "auth.jwt.secretRef", ct)), mount);
            }
            if (jwt["kubernetesServiceAccountToken"] is JsonObject sat)
            {
                // ESO: the ServiceAccount's audiences plus these (default "vault"), 10 minutes unless expirationSeconds says otherwise
                IReadOnlyList<string> audiences = sat["audiences"] is JsonArray a ? [.. a.Select(SpecJson.Str).OfType<string>()] : ["vault"];
                var seconds = SpecJson.Str(sat["expirationSeconds"]) is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? n : TokenSeconds;
                var saRef = sat["serviceAccountRef"];
                return VaultJwtAuth.WithTokenSource(role,
                    c => spec.ServiceAccounts.TokenAsync(saRef, audiences, seconds, "auth.jwt.kubernetesServiceAccountToken.serviceAccountRef", c), mount);
            }
            throw new StoreConfigException($"store {spec.StoreName}: auth.jwt needs secretRef or kubernetesServiceAccountToken");
        }
        if (auth["iam"] is JsonObject iam) return await VaultIamStoreAuth.CreateAsync(spec, iam, ct);
        if (auth["gcp"] is JsonObject gcp) return await VaultGcpStoreAuth.CreateAsync(spec, gcp, ct);
        if (auth["cert"] is JsonObject cert)
        {
            return new VaultCertAuth(SpecJson.Str(cert["vaultRole"]), SpecJson.Str(cert["path"]) ?? "cert");
        }
        foreach (var (field, defaultMount) in new[] { ("userPass", "userpass"), ("ldap", "ldap") })
        {
            if (auth[field] is not JsonObject up) continue;
            var user = SpecJson.Str(up["username"]) ?? throw new StoreConfigException($"store {spec.StoreName}: auth.{field}.username is required");
            var password = await credentials.ReadAsync(up["secretRef"], $"auth.{field}.secretRef", ct);
            return new VaultUserPassAuth(user, password, SpecJson.Str(up["path"]) ?? defaultMount);
        }
        throw new StoreConfigException($"store {spec.StoreName}: spec.provider.vault.auth needs tokenSecretRef, appRole, kubernetes, jwt, userPass, ldap, cert, iam or gcp");
    }

    private static Func<CancellationToken, Task<string>> Fixed(string value) => _ => Task.FromResult(value);
}
