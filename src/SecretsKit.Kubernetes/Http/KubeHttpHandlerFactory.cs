using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Kubernetes.Http;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> for a configuration: CA trust, optional skip-verify, SNI override, client certificate.</summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubernetesClientConfiguration config, Func<X509Certificate2?> clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (config.ConnectCallback is { } connect) handler.ConnectCallback = connect;
        handler.SslOptions.TargetHost = config.TlsServerName;
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate()!;
        if (config.InsecureSkipTlsVerify)
        {
#pragma warning disable CA5359 // the kubeconfig's explicit insecure-skip-tls-verify, as kubectl honours it
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (config.CertificateAuthority is { Count: > 0 } roots)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                SecretsKit.Core.Platform.CustomRootTrust.Validate(roots, certificate, errors);
        }
        return handler;
    }
}
