using System.Security.Cryptography.X509Certificates;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Kubernetes.Http;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> for a configuration, with its TLS settings (<see cref="KubeTls"/>).</summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubernetesClientConfiguration config, Func<X509Certificate2?> clientCertificate) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        SslOptions = KubeTls.ClientOptions(config, clientCertificate),
    };
}
