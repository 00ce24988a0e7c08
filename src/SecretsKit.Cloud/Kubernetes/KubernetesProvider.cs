using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Kubernetes.Auth;
using SecretsKit.Cloud.Kubernetes.Stores;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Http;

namespace SecretsKit.Cloud.Kubernetes;

/// <summary>
/// ESO's <c>kubernetes</c> provider: the Secrets of <c>remoteNamespace</c> (default <c>default</c>) on the API server at
/// <c>server.url</c>, trusted through <c>server.caBundle</c> or a <c>server.caProvider</c> Secret or ConfigMap, read with the store's own
/// credentials only (<c>auth.token.bearerToken</c>, <c>auth.cert</c>, or <c>auth.serviceAccount</c>: a token minted with the
/// TokenRequest API for a ServiceAccount the store may name), never the agent's: what the store may read is what those
/// credentials are granted. Or <c>authRef</c>: a self-contained kubeconfig in a Secret (<see cref="StoreKubeconfig"/>).
/// A store without auth or url, or with two auth methods, is invalid, as in ESO. The server is tenant-named, so the
/// client talks to it through <see cref="TenantHttp"/>: never a link-local address (loopback allowed: ESO's docs name
/// in-cluster servers), no redirect followed, no proxy, answers read up to <see cref="MaxResponseBytes"/>.
/// </summary>
internal sealed class KubernetesProvider : ISecretStoreProvider
{
    public string Name => "kubernetes";

    public IReadOnlyList<string> Fields { get; } =
    [
        "remoteNamespace", "server", "server.url", "server.caBundle", "server.caProvider", "auth", "auth.token", "auth.token.bearerToken",
        "auth.cert", "auth.cert.clientCert", "auth.cert.clientKey", "auth.serviceAccount", "authRef",
    ];

    private const long TokenSeconds = 3600;

    /// <summary>The answer budget: a Secret is at most 1 MiB, a list of a namespace's Secrets many of them.</summary>
    public const int MaxResponseBytes = 32 << 20;
    private static readonly string[] AuthMethods = ["token", "serviceAccount", "cert"];

    public IReadOnlyList<RefScheme> RefSchemes => [];

    public string? UnsupportedValue(JsonObject spec) => StoreCaBundle.UnsupportedType(spec["server"], "server.");

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var config = await ConfigurationAsync(spec, cancellationToken);
        var ns = SpecJson.Str(spec.Spec["remoteNamespace"]) is { Length: > 0 } r ? r : "default";
        config = new KubernetesClientConfiguration
        {
            Server = config.Server,
            Namespace = ns,
            CertificateAuthority = config.CertificateAuthority,
            InsecureSkipTlsVerify = config.InsecureSkipTlsVerify,
            TlsServerName = config.TlsServerName,
            ClientCertificate = config.ClientCertificate,
            Credentials = config.Credentials,
        };
#pragma warning disable CA2000 // the handler is owned by the client, the client by the returned store, which it lives as long as
        var transport = TenantHttp.CreateHandler(TenantHostPolicy.LinkLocalRefused, MaxResponseBytes, KubeTls.ClientOptions(config));
        return new KubernetesSecretStore(new KubernetesClient(config, transport), ns, spec.StoreKind == "ClusterSecretStore");
#pragma warning restore CA2000
    }

    /// <summary>ESO's connection rules: <c>authRef</c> (a kubeconfig) alone, or <c>server.url</c> with exactly one <c>auth</c> method.</summary>
    private static async Task<KubernetesClientConfiguration> ConfigurationAsync(ProviderSpec spec, CancellationToken ct)
    {
        var auth = spec.Spec["auth"] as JsonObject;
        if (spec.Spec["authRef"] is { } authRef)
        {
            if (auth is not null) throw new StoreConfigException($"store {spec.StoreName}: kubernetes: authRef and inline auth cannot both be set");
            return StoreKubeconfig.Parse(spec, await spec.Credentials.ReadAsync(authRef, "authRef", ct));
        }
        if (auth is null) throw new StoreConfigException($"store {spec.StoreName}: kubernetes: no auth provider given");
        var url = SpecJson.Str(spec.Spec["server"]?["url"]) is { Length: > 0 } u ? u : throw new StoreConfigException($"store {spec.StoreName}: kubernetes: no server URL provided");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: server.url is not an http(s) URL");
        }
        if (AuthMethods.Count(m => auth[m] is not null) > 1)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: multiple auth methods provided: set exactly one of token, serviceAccount, or cert");
        }
        KubeCredentialSource? credentials = null;
        if (auth["token"]?["bearerToken"] is { } tokenRef)
        {
            credentials = new StaticTokenCredentialSource(await spec.Credentials.ReadAsync(tokenRef, "auth.token.bearerToken", ct));
        }
        else if (auth["serviceAccount"] is { } account)
        {
            // ESO: a token of the ServiceAccount with its own audiences, for an hour, minted at the first request; the
            // tenancy rule (a SecretStore names its own namespace only) was checked when the spec was built
            credentials = new ServiceAccountCredentialSource(c => spec.ServiceAccounts.TokenAsync(account, [], TokenSeconds, "auth.serviceAccount", c));
        }
        var clientCertificate = auth["cert"] is JsonObject cert ? await ClientCertificateAsync(spec, cert, ct) : null;
        if (credentials is null && clientCertificate is null)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: auth needs token.bearerToken, serviceAccount or cert");
        }
        return new KubernetesClientConfiguration
        {
            Server = server,
            CertificateAuthority = await StoreCaBundle.ReadAsync(spec, spec.Spec["server"], "server.", "kubernetes", ct),
            Credentials = credentials,
            ClientCertificate = clientCertificate,
        };
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
