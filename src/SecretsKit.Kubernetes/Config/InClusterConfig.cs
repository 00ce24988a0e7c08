using System.Net;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Config;

/// <summary>
/// The configuration of a pod's service account: <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>, and <c>token</c>,
/// <c>ca.crt</c> and <c>namespace</c> from the service-account directory. The token is re-read as the kubelet rotates it.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsInCluster(IEnvironment env, string serviceAccountDirectory = DefaultServiceAccountDirectory) =>
        env.Get("KUBERNETES_SERVICE_HOST") is not null && env.Get("KUBERNETES_SERVICE_PORT") is not null
        && File.Exists(Path.Combine(serviceAccountDirectory, "token"));

    public static KubernetesClientConfiguration Load(IEnvironment env, string serviceAccountDirectory = DefaultServiceAccountDirectory, TimeProvider? time = null)
    {
        var host = env.Get("KUBERNETES_SERVICE_HOST");
        var port = env.Get("KUBERNETES_SERVICE_PORT");
        if (host is null || port is null)
        {
            throw new KubernetesConfigException("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set",
                "outside a cluster, use a kubeconfig");
        }
        if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) host = $"[{host}]";
        var tokenPath = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenPath)) throw new KubernetesConfigException($"the service account token {tokenPath} does not exist", "is automountServiceAccountToken disabled?");
        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        var nsPath = Path.Combine(serviceAccountDirectory, "namespace");
        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{host}:{port}"),
            CertificateAuthority = File.Exists(caPath) ? ClientCertificates.CaFromPem(File.ReadAllText(caPath), caPath) : null,
            Namespace = File.Exists(nsPath) && File.ReadAllText(nsPath).Trim() is { Length: > 0 } ns ? ns : "default",
            Credentials = new TokenFileCredentialSource(tokenPath, time),
        };
    }
}
