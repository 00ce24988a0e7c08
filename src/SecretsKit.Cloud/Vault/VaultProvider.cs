using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Stores;
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

    /// <summary>The client's fields, then every auth method's (<see cref="VaultAuthMethods"/>).</summary>
    public IReadOnlyList<string> Fields { get; } =
    [
        "server", "path", "version", "namespace",
        "caBundle", "caProvider", "caProvider.type", "caProvider.name", "caProvider.key", "caProvider.namespace",
        "tls", "tls.certSecretRef", "tls.keySecretRef",
        .. VaultAuthMethods.Fields,
    ];

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
            TenantHost = TenantHostPolicy.LinkLocalRefused, // store-named: never instance metadata; loopback allowed (a Vault agent sidecar)
            Auth = await VaultAuthMethods.CreateAsync(spec, auth, cancellationToken),
            CaCertificatesPem = await VaultStoreTls.CaBundleAsync(spec, cancellationToken),
            ClientCertificate = await VaultStoreTls.ClientCertificateAsync(spec, auth, cancellationToken),
            Namespace = SpecJson.Str(p["namespace"]),
            Retry = spec.Context.Retry,
            Time = spec.Context.Time,
            Warn = _ => { },
        };
    }
}
