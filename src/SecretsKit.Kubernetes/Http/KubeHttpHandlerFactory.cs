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
                ValidateAgainst(roots, certificate, errors);
        }
        return handler;
    }

    /// <summary>The server certificate must chain to one of <paramref name="roots"/> (only) and match the host name.</summary>
    internal static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var cert = new X509Certificate2(certificate);
        return chain.Build(cert);
    }
}
