using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>Self-signed client certificates with PEM exports in the formats kubeconfigs carry.</summary>
internal static class TestCertificates
{
    public static (X509Certificate2 Certificate, string CertPem, string KeyPem) Rsa(string cn)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (cert, cert.ExportCertificatePem(), key.ExportRSAPrivateKeyPem());
    }

    public static (X509Certificate2 Certificate, string CertPem, string KeyPem) Ec(string cn)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (cert, cert.ExportCertificatePem(), key.ExportECPrivateKeyPem());
    }

    public static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
