using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Vault;

/// <summary>
/// A Vault store's TLS material, as ESO names it: the CA to trust (<c>caBundle</c>, base64 PEM, or <c>caProvider</c>, a
/// Secret key holding PEM) and the client certificate (<c>auth.cert.clientCert</c> + <c>auth.cert.secretRef</c>, or
/// <c>tls.certSecretRef</c> + <c>tls.keySecretRef</c>), read from the store's Secrets.
/// </summary>
internal static class VaultStoreTls
{
    public static async Task<string?> CaBundleAsync(ProviderSpec spec, CancellationToken ct)
    {
        var p = spec.Spec;
        if (SpecJson.Str(p["caBundle"]) is { Length: > 0 } bundle)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(bundle));
            }
            catch (FormatException)
            {
                throw new StoreConfigException($"store {spec.StoreName}: spec.provider.vault.caBundle must be base64-encoded PEM certificates");
            }
        }
        if (p["caProvider"] is JsonObject provider)
        {
            var selector = new JsonObject { ["name"] = SpecJson.Str(provider["name"]), ["key"] = SpecJson.Str(provider["key"]) };
            if (SpecJson.Str(provider["namespace"]) is { } ns) selector["namespace"] = ns;
            return SpecJson.Str(provider["type"]) == "ConfigMap"
                ? await spec.Credentials.ReadConfigMapAsync(selector, "caProvider", ct)
                : await spec.Credentials.ReadAsync(selector, "caProvider", ct);
        }
        return null;
    }

    public static async Task<X509Certificate2?> ClientCertificateAsync(ProviderSpec spec, JsonObject auth, CancellationToken ct)
    {
        var (certRef, keyRef, field) = auth["cert"] is JsonObject cert
            ? (cert["clientCert"], cert["secretRef"], "auth.cert")
            : spec.Spec["tls"] is JsonObject tls ? (tls["certSecretRef"], tls["keySecretRef"], "tls") : (null, null, "");
        if (certRef is null && keyRef is null) return null;
        var certField = field == "tls" ? "tls.certSecretRef" : "auth.cert.clientCert";
        var keyField = field == "tls" ? "tls.keySecretRef" : "auth.cert.secretRef";
        var certPem = await spec.Credentials.ReadAsync(certRef, certField, ct);
        var keyPem = await spec.Credentials.ReadAsync(keyRef, keyField, ct);
        try
        {
            using var loaded = X509Certificate2.CreateFromPem(certPem, keyPem);
            // through PKCS#12 so the key is usable for TLS client authentication on every platform
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException)
        {
            throw new StoreConfigException($"store {spec.StoreName}: {certField} and {keyField} must hold a PEM certificate and its PEM private key");
        }
    }
}
