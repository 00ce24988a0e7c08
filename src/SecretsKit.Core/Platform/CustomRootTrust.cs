using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SecretsKit.Core.Platform;

/// <summary>
/// A server certificate checked against given roots only (a kubeconfig's <c>certificate-authority</c>, a store's
/// <c>caBundle</c>): it must be there, match the host name, and chain to one of the roots.
/// </summary>
public static class CustomRootTrust
{
    public static bool Validate(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
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
