using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Ssm;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

public sealed class CloudProviderTests
{
    private static readonly SecretsKit.Cloud.Http.CloudRetryOptions FastRetry = new()
    {
        MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
    };

    private static JsonObject Ref(string name, string key) => new() { ["name"] = name, ["key"] = key };

    private static JsonObject VaultStore(FakeVaultServer vault, JsonObject auth) => new()
    {
        ["vault"] = new JsonObject { ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2", ["auth"] = auth },
    };

    [Fact]
    public async Task Vault_token_auth_syncs_and_an_update_shows_up_only_after_the_interval()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["password"] = "one" });
        c.Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = vault.RootToken });
        c.Store("default", "vault", VaultStore(vault, new JsonObject { ["tokenSecretRef"] = Ref("vault-token", "token") }));
        c.ExternalSecret("default", "es", Spec("vault", refresh: "15m", data: [("password", "app/db", "password")]));

        await c.PassAsync();
        Assert.Equal("one", c.Value("default", "es", "password"));

        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["password"] = "two" });
        await c.PassAsync();
        Assert.Equal("one", c.Value("default", "es", "password")); // not due yet

        c.Time.Advance(TimeSpan.FromMinutes(15)); // one interval: the key's next refresh slot has begun
        await c.PassAsync();
        Assert.Equal("two", c.Value("default", "es", "password"));
        Assert.Equal(2, vault.CallCount("kv-read"));
    }

    [Fact]
    public async Task Vault_approle_and_kubernetes_auth_read_credentials_from_secrets()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        vault.Kv2Put("secret", "k", new Dictionary<string, string> { ["v"] = "val" });
        vault.AddAppRole("role-1", "secret-1");
        vault.AddKubernetesRole("agent", "sa-jwt");
        c.Secret("default", "approle", new Dictionary<string, string> { ["secret-id"] = "secret-1" });
        c.Secret("default", "sa", new Dictionary<string, string> { ["token"] = "sa-jwt" });
        c.Store("default", "approle", VaultStore(vault, new JsonObject
        {
            ["appRole"] = new JsonObject { ["roleId"] = "role-1", ["secretRef"] = Ref("approle", "secret-id") },
        }));
        c.Store("default", "k8s", VaultStore(vault, new JsonObject
        {
            ["kubernetes"] = new JsonObject { ["role"] = "agent", ["secretRef"] = Ref("sa", "token") },
        }));
        c.ExternalSecret("default", "a", Spec("approle", data: [("v", "k", "v")]));
        c.ExternalSecret("default", "b", Spec("k8s", data: [("v", "k", "v")]));

        await c.PassAsync();

        Assert.Equal("val", c.Value("default", "a", "v"));
        Assert.Equal("val", c.Value("default", "b", "v"));
        Assert.Equal(1, vault.CallCount("login:approle"));
        Assert.Equal(1, vault.CallCount("login:kubernetes"));
    }

    [Fact]
    public async Task A_namespaced_store_may_not_log_in_to_vault_with_the_agents_own_service_account_token()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        vault.AddKubernetesRole("agent", "sa-jwt");
        c.Store("default", "tenant", VaultStore(vault, new JsonObject { ["kubernetes"] = new JsonObject { ["role"] = "agent" } }));
        c.ExternalSecret("default", "es", Spec("tenant", data: [("v", "k", "v")]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "es"));
        Assert.Contains("auth.kubernetes needs serviceAccountRef or secretRef in a SecretStore", c.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.Equal(0, vault.CallCount("login:kubernetes"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Provider_failure_keeps_the_secret_reports_the_error_and_recovery_clears_it(int status)
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["p"] = "one" });
        c.Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = vault.RootToken });
        c.Store("default", "vault", VaultStore(vault, new JsonObject { ["tokenSecretRef"] = Ref("vault-token", "token") }));
        c.ExternalSecret("default", "es", Spec("vault", refresh: "1m", data: [("p", "app", "p")]));
        await c.PassAsync();

        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["p"] = "two" });
        vault.InjectFault(status == 500 ? FakeFault.ServerError() : FakeFault.TooManyRequests(TimeSpan.Zero), "kv-read", times: 2); // the first attempt and the one retry
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        Assert.Equal("one", c.Value("default", "es", "p"));
        var failed = c.ReadyCondition("default", "es")!;
        Assert.Equal("False", failed["status"]!.GetValue<string>());
        Assert.Equal("SecretSyncedError", failed["reason"]!.GetValue<string>());
        Assert.DoesNotContain("one", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("externalsecret_sync_calls_error{name=\"es\",namespace=\"default\"} 1", c.Metrics.Render(), StringComparison.Ordinal);

        await c.PassAsync(); // faults used up: the next pass retries at once (the failed sync did not count)

        Assert.Equal("two", c.Value("default", "es", "p"));
        Assert.Equal("SecretSynced", c.ReadyCondition("default", "es")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Aws_secrets_manager_and_parameter_store_with_static_credentials_from_a_secret()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var ssm = await FakeSsmServer.StartAsync("eu-west-1");
        sm.ExpectCredentials("AKIDAGENT", "agent-secret");
        ssm.ExpectCredentials("AKIDAGENT", "agent-secret");
        sm.PutSecret("prod/db", """{"password":"sm-pw"}""");
        ssm.PutParameter("/prod/api", "ssm-value", "SecureString");
        await using var c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = FastRetry,
            AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = sm.BaseAddress, ["ParameterStore"] = ssm.BaseAddress },
        });
        c.Secret("default", "aws", new Dictionary<string, string> { ["id"] = "AKIDAGENT", ["secret"] = "agent-secret" });
        JsonObject Aws(string service) => new()
        {
            ["aws"] = new JsonObject
            {
                ["service"] = service, ["region"] = "eu-west-1",
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Ref("aws", "id"), ["secretAccessKeySecretRef"] = Ref("aws", "secret") } },
            },
        };
        c.Store("default", "sm", Aws("SecretsManager"));
        c.Store("default", "ssm", Aws("ParameterStore"));
        c.ExternalSecret("default", "from-sm", Spec("sm", data: [("password", "prod/db", "password")]));
        c.ExternalSecret("default", "from-ssm", Spec("ssm", data: [("api", "/prod/api", null)]));

        await c.PassAsync();

        Assert.Equal("sm-pw", c.Value("default", "from-sm", "password"));
        Assert.Equal("ssm-value", c.Value("default", "from-ssm", "api"));
        Assert.Equal("AKIDAGENT", sm.LastAccessKeyId);
    }
}
