using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Resources;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Agent.Providers.Kubernetes;

/// <summary>
/// ESO's <c>kubernetes</c> provider: the Secrets of <c>remoteNamespace</c> (default <c>default</c>) on the API server at
/// <c>server.url</c>, trusted through <c>server.caBundle</c> or a <c>server.caProvider</c> Secret or ConfigMap, read with the store's own
/// credentials only (<c>auth.token.bearerToken</c> or <c>auth.cert</c>), never the agent's: what the store may read is what
/// those credentials are granted. A store without auth or url is invalid, as in ESO.
/// </summary>
internal sealed class KubernetesProvider : ISecretStoreProvider
{
    public string Name => "kubernetes";

    public IReadOnlyList<string> Fields { get; } =
    [
        "remoteNamespace", "server", "server.url", "server.caBundle", "server.caProvider", "auth", "auth.token", "auth.token.bearerToken",
        "auth.cert", "auth.cert.clientCert", "auth.cert.clientKey",
    ];

    public IReadOnlyList<RefScheme> RefSchemes => [];

    public string? UnsupportedValue(JsonObject spec) =>
        spec["server"]?["caProvider"] is JsonObject ca && Json.Str(ca["type"]) is { } type && type is not ("Secret" or "ConfigMap") ? "server.caProvider.type=" + type : null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var auth = spec.Spec["auth"] as JsonObject ?? throw new StoreConfigException($"store {spec.StoreName}: kubernetes: no auth provider given");
        var url = Json.Str(spec.Spec["server"]?["url"]) is { Length: > 0 } u ? u : throw new StoreConfigException($"store {spec.StoreName}: kubernetes: no server URL provided");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: server.url is not an http(s) URL");
        }
        var ns = Json.Str(spec.Spec["remoteNamespace"]) is { Length: > 0 } r ? r : "default";
        var config = new KubernetesClientConfiguration
        {
            Server = server,
            Namespace = ns,
            CertificateAuthority = await CertificateAuthorityAsync(spec, cancellationToken),
            Credentials = auth["token"]?["bearerToken"] is { } tokenRef
                ? new StaticTokenCredentialSource(await spec.Credentials.ReadAsync(tokenRef, "auth.token.bearerToken", cancellationToken))
                : null,
            ClientCertificate = auth["cert"] is JsonObject cert ? await ClientCertificateAsync(spec, cert, cancellationToken) : null,
        };
        if (config.Credentials is null && config.ClientCertificate is null)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: auth needs token.bearerToken or cert");
        }
#pragma warning disable CA2000 // the client is owned by the returned store and lives as long as it
        return new KubernetesSecretStore(new KubernetesClient(config), ns);
#pragma warning restore CA2000
    }

    private static async Task<X509Certificate2Collection?> CertificateAuthorityAsync(ProviderSpec spec, CancellationToken ct)
    {
        string? pem = null;
        if (Json.Str(spec.Spec["server"]?["caBundle"]) is { Length: > 0 } bundle)
        {
            try
            {
                pem = Encoding.UTF8.GetString(Convert.FromBase64String(bundle));
            }
            catch (FormatException)
            {
                throw new StoreConfigException($"store {spec.StoreName}: kubernetes: server.caBundle is not base64");
            }
        }
        else if (spec.Spec["server"]?["caProvider"] is JsonObject provider)
        {
            pem = Json.Str(provider["type"]) == "ConfigMap"
                ? await spec.Credentials.ReadConfigMapAsync(provider, "server.caProvider", ct)
                : await spec.Credentials.ReadAsync(provider, "server.caProvider", ct);
        }
        if (pem is null) return null;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: the CA bundle holds no PEM certificate");
        }
        return certificates.Count > 0 ? certificates : throw new StoreConfigException($"store {spec.StoreName}: kubernetes: the CA bundle holds no PEM certificate");
    }

    private static async Task<X509Certificate2> ClientCertificateAsync(ProviderSpec spec, JsonObject cert, CancellationToken ct)
    {
        var certificate = await spec.Credentials.ReadAsync(cert["clientCert"], "auth.cert.clientCert", ct);
        var key = await spec.Credentials.ReadAsync(cert["clientKey"], "auth.cert.clientKey", ct);
        try
        {
            using var pem = X509Certificate2.CreateFromPem(certificate, key);
            // an ephemeral PEM key cannot be used by SslStream on every platform: round-trip through PKCS#12
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: auth.cert holds no PEM certificate and matching key");
        }
    }
}
