using System.Collections.Concurrent;

namespace SecretsKit.Agent.Metrics;

/// <summary>
/// ESO's <c>externalsecret_provider_api_calls_count{provider,call,status}</c>: each read of a provider by an
/// ExternalSecret, with ESO's provider and call names (<c>HashiCorp/Vault</c> <c>ReadSecretData</c>,
/// <c>AWS/SecretsManager</c> <c>GetSecretValue</c>, …) and <c>status</c> <c>success</c> or <c>error</c>.
/// </summary>
internal sealed class ProviderApiCalls
{
    private readonly ConcurrentDictionary<(string Provider, string Call, string Status), long> _calls = new();

    /// <summary>ESO's provider and call names for a read (<paramref name="find"/>: a dataFrom find) of a <c>spec.provider.NAME</c>.</summary>
    public static (string Provider, string Call) Names(string providerKey, bool find) => providerKey switch
    {
        "vault" => ("HashiCorp/Vault", find ? "ListSecrets" : "ReadSecretData"),
        "aws" => ("AWS/SecretsManager", find ? "ListSecrets" : "GetSecretValue"),
        "azurekv" => ("Azure/KeyVault", find ? "GetSecrets" : "GetSecret"),
        "gcpsm" => ("GCP/SecretManager", find ? "ListSecrets" : "AccessSecretVersion"),
        "kubernetes" => ("Kubernetes", find ? "ListSecrets" : "GetSecret"),
        _ => (providerKey, find ? "ListSecrets" : "GetSecret"),
    };

    public void Observe(string providerKey, bool find, bool error)
    {
        var (provider, call) = Names(providerKey, find);
        _calls.AddOrUpdate((provider, call, error ? "error" : "success"), 1, static (_, n) => n + 1);
    }

    public void Write(PrometheusText text)
    {
        text.Header("externalsecret_provider_api_calls_count", "Number of API calls towards the secret provider", "counter");
        foreach (var ((provider, call, status), n) in _calls.OrderBy(kv => kv.Key))
        {
            text.Open("externalsecret_provider_api_calls_count");
            text.Label("call", call, first: true);
            text.Label("provider", provider);
            text.Label("status", status);
            text.Value(n);
        }
    }
}
