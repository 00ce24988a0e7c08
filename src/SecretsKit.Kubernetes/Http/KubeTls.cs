using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Kubernetes.Http;

/// <summary>The TLS settings of a configuration: CA trust, optional skip-verify, SNI override, client certificate.</summary>
public static class KubeTls
{
    /// <summary>
    /// The settings for <paramref name="config"/>; <paramref name="clientCertificate"/> (default: the configuration's)
    /// is asked at each handshake, so a credential plugin's newer certificate is used by new connections.
    /// </summary>
    public static SslClientAuthenticationOptions ClientOptions(KubernetesClientConfiguration config, Func<X509Certificate2?>? clientCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        clientCertificate ??= () => config.ClientCertificate;
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = config.TlsServerName,
            LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate()!,
        };
        if (config.InsecureSkipTlsVerify)
        {
#pragma warning disable CA5359 // the kubeconfig's explicit insecure-skip-tls-verify, as kubectl honours it
            tls.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (config.CertificateAuthority is { Count: > 0 } roots)
        {
            tls.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                SecretsKit.Core.Platform.CustomRootTrust.Validate(roots, certificate, errors);
        }
        return tls;
    }
}
