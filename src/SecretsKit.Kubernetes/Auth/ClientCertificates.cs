using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Auth;

/// <summary>Loads a client certificate and its private key (PEM; RSA, EC or PKCS#8) into a certificate usable for TLS client auth.</summary>
public static class ClientCertificates
{
    public static X509Certificate2 FromPem(string certificatePem, string keyPem, string origin)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            // round-trip through PKCS#12 so the key is usable by SslStream on every platform
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KubernetesConfigException($"the client certificate/key from {origin} cannot be loaded: {e.GetType().Name}", "check that the certificate and key are PEM and belong together", e);
        }
    }

    public static X509Certificate2Collection CaFromPem(string pem, string origin)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigException($"the certificate authority from {origin} is not valid PEM", inner: e);
        }
        if (collection.Count == 0) throw new KubernetesConfigException($"the certificate authority from {origin} contains no certificate");
        return collection;
    }
}
