using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Azure;

namespace SecretsKit.Agent.Tests.Reconcile.PushSecrets;

/// <summary>Agents with a push store on a cloud wire fake: SecretStore <c>aws</c> (Secrets Manager) or <c>akv</c> (Key Vault).</summary>
internal static class PushStores
{
    public static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = new()
    {
        MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
    };

    public static JsonObject Ref(string name, string key) => new() { ["name"] = name, ["key"] = key };

    /// <summary>An agent with SecretStore <c>aws</c> on <paramref name="sm"/> (region eu-west-1, static keys from Secret <c>aws</c>).</summary>
    public static async Task<AgentCluster> AwsAsync(FakeSecretsManagerServer sm)
    {
        sm.ExpectCredentials("AKIDPUSH", "push-secret");
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry, AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = sm.BaseAddress },
        });
        c.Secret("default", "aws", new Dictionary<string, string> { ["id"] = "AKIDPUSH", ["secret"] = "push-secret" });
        c.Store("default", "aws", new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = "SecretsManager", ["region"] = "eu-west-1",
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Ref("aws", "id"), ["secretAccessKeySecretRef"] = Ref("aws", "secret") } },
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
            Azure = new SecretsKit.Cloud.CloudKeyOptions { HttpHandler = handler, MaxRetries = 0 },
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
