using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Cloud.Kubernetes.Auth;

/// <summary>
/// A kubeconfig from a store's <c>authRef</c> Secret (tenant input), as ESO reads it (its current context), but
/// self-contained only: an <c>exec</c> plugin (a command the agent would run), a <c>tokenFile</c>, or a certificate,
/// key or CA given as a file path (a file of the agent's the tenant would have it read) is refused; inline data,
/// <c>token</c> and <c>insecure-skip-tls-verify</c> are what it may use.
/// </summary>
internal static class StoreKubeconfig
{
    public static KubernetesClientConfiguration Parse(ProviderSpec spec, string yaml)
    {
        KubeConfigModel model;
        try
        {
            model = KubeConfigParser.Parse(yaml, "/nonexistent", "authRef");
        }
        catch (KubernetesConfigException e)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: authRef: {e.Message}");
        }
        foreach (var user in model.Users.Values)
        {
            if (user.Exec is not null) Refuse(spec, $"user \"{user.Name}\" has an exec plugin");
            if (user.TokenFile is not null) Refuse(spec, $"user \"{user.Name}\" has a tokenFile");
            if (user.ClientCertificate is not null || user.ClientKey is not null) Refuse(spec, $"user \"{user.Name}\" names a client-certificate or client-key file");
        }
        foreach (var cluster in model.Clusters.Values)
        {
            if (cluster.CertificateAuthority is not null) Refuse(spec, $"cluster \"{cluster.Name}\" names a certificate-authority file");
        }
        try
        {
            var config = KubeConfigLoader.Build(model, null, new MapEnvironment(new Dictionary<string, string>(), "/nonexistent", "/"));
            return config.Server.Scheme is "https" or "http"
                ? config
                : throw new StoreConfigException($"store {spec.StoreName}: kubernetes: authRef: the server is not an http(s) URL");
        }
        catch (KubernetesConfigException e)
        {
            throw new StoreConfigException($"store {spec.StoreName}: kubernetes: authRef: {e.Message}");
        }
    }

    private static void Refuse(ProviderSpec spec, string what) =>
        throw new StoreConfigException($"store {spec.StoreName}: kubernetes: authRef: {what}; a store's kubeconfig must carry its "
            + "credentials inline (token, client-certificate-data, client-key-data, certificate-authority-data)");
}
