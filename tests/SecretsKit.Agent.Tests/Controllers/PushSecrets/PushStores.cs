using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Http;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>Agents with a push store on a cloud wire fake: <c>aws</c> (Secrets Manager or Parameter Store) or <c>akv</c> (Key Vault).</summary>
internal static class PushStores
{
    public static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = new()
    {
        MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
    };

    public static JsonObject Ref(string name, string key) => new() { ["name"] = name, ["key"] = key };

    /// <summary>
    /// An agent with a store on the AWS fake <paramref name="aws"/> (region eu-west-1, static keys from Secret <c>aws</c>):
    /// by default SecretStore <c>default/aws</c> on Secrets Manager; with a null <paramref name="storeNamespace"/> a
    /// ClusterSecretStore whose keys are in namespace <c>ops</c>.
    /// </summary>
    public static async Task<AgentCluster> AwsAsync(FakeAwsJsonServer aws, string service = "SecretsManager", string? storeNamespace = "default", string storeName = "aws")
    {
        aws.ExpectCredentials("AKIDPUSH", "push-secret");
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry, AwsEndpoints = new Dictionary<string, Uri> { [service] = aws.BaseAddress },
        });
        var keys = storeNamespace ?? "ops";
        c.Secret(keys, "aws", new Dictionary<string, string> { ["id"] = "AKIDPUSH", ["secret"] = "push-secret" });
        JsonObject Key(string key) => storeNamespace is null ? new() { ["name"] = "aws", ["key"] = key, ["namespace"] = keys } : Ref("aws", key);
        c.Store(storeNamespace, storeName, new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = service, ["region"] = "eu-west-1",
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Key("id"), ["secretAccessKeySecretRef"] = Key("secret") } },
            },
        });
        return c;
    }

    /// <summary>An agent with SecretStore <c>akv</c> on <paramref name="kv"/> (a service principal from Secret <c>azure</c>).</summary>
    public static async Task<AgentCluster> AzureAsync(FakeAzureKeyVaultServer kv, HttpMessageHandler handler)
    {
        kv.AddClient("push-client", "push-client-secret");
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry,
            AzureAuthorityHost = new Uri(kv.AuthorityHost),
            Azure = new SecretsKit.Cloud.Http.CloudKeyOptions { HttpHandler = handler, MaxRetries = 0 },
        });
        c.Secret("default", "azure", new Dictionary<string, string> { ["id"] = "push-client", ["secret"] = "push-client-secret" });
        c.Store("default", "akv", new JsonObject
        {
            ["azurekv"] = new JsonObject
            {
                ["vaultUrl"] = kv.VaultUrl, ["tenantId"] = kv.TenantId, ["authType"] = "ServicePrincipal",
                ["authSecretRef"] = new JsonObject { ["clientId"] = Ref("azure", "id"), ["clientSecret"] = Ref("azure", "secret") },
            },
        });
        return c;
    }
}
