using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// The CA a store trusts for its server, as ESO's stores name it: <c>caBundle</c> (base64 PEM) or <c>caProvider</c> (a key
/// of a Secret or ConfigMap, under the namespace rules of every store reference: a SecretStore's own namespace; a
/// ClusterSecretStore names it). Null when the section names neither (the system roots apply).
/// </summary>
public static class StoreCaBundle
{
    /// <summary>The certificates of <paramref name="section"/>'s <c>caBundle</c> or <c>caProvider</c>; <paramref name="prefix"/> is the section's path in messages.</summary>
    public static async Task<X509Certificate2Collection?> ReadAsync(ProviderSpec spec, JsonNode? section, string prefix, string provider, CancellationToken ct)
    {
        string? pem = null;
        if (SpecJson.Str(section?["caBundle"]) is { Length: > 0 } bundle)
        {
            try
            {
                pem = Encoding.UTF8.GetString(Convert.FromBase64String(bundle));
            }
            catch (FormatException)
            {
                throw new StoreConfigException($"store {spec.StoreName}: {provider}: {prefix}caBundle is not base64");
            }
        }
        else if (section?["caProvider"] is JsonObject ca)
        {
            pem = SpecJson.Str(ca["type"]) == "ConfigMap"
                ? await spec.Credentials.ReadConfigMapAsync(ca, prefix + "caProvider", ct)
                : await spec.Credentials.ReadAsync(ca, prefix + "caProvider", ct);
        }
        if (pem is null) return null;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new StoreConfigException($"store {spec.StoreName}: {provider}: the CA bundle holds no PEM certificate");
        }
        return certificates.Count > 0 ? certificates : throw new StoreConfigException($"store {spec.StoreName}: {provider}: the CA bundle holds no PEM certificate");
    }

    /// <summary>A <c>caProvider.type</c> other than Secret or ConfigMap, for the provider's unsupported-value check.</summary>
    public static string? UnsupportedType(JsonNode? section, string prefix) =>
        section?["caProvider"] is JsonObject ca && SpecJson.Str(ca["type"]) is { } type && type is not ("Secret" or "ConfigMap") ? prefix + "caProvider.type=" + type : null;
}
