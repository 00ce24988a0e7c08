using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Vault;

/// <summary>
/// ESO's <c>VaultDynamicSecret</c> generator against the Vault fake's database engine and token store, logging in with
/// the Vault provider's own auth (a tenant's ServiceAccount, verified by the fake), as a namespaced kind and as a ClusterGenerator.
/// </summary>
public sealed class VaultDynamicSecretGeneratorTests
{
    private static readonly CloudRetryOptions FastRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };

    private static async Task<(AgentCluster C, FakeVaultServer Vault)> StartBothAsync()
    {
        var c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Server.ServiceAccount("team-a", "app");
        c.Server.ServiceAccount("team-b", "app");
        var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.AddServiceAccountRole("app", c.Server.TokenRequests.Issuer, "team-a", "app");
        vault.AddServiceAccountRole("app-b", c.Server.TokenRequests.Issuer, "team-b", "app");
        vault.AddDatabaseRole("database", "readonly", TimeSpan.FromHours(1));
        return (c, vault);
    }

    private static string[] Keys(AgentCluster c, string ns, string name) =>
        [.. (c.TargetSecret(ns, name)?["data"] as JsonObject ?? []).Select(kv => kv.Key).Order(StringComparer.Ordinal)];

    private static JsonObject Provider(FakeVaultServer vault, string role = "app") => new()
    {
        ["server"] = vault.BaseAddress.ToString().TrimEnd('/'),
        ["auth"] = new JsonObject { ["kubernetes"] = new JsonObject { ["role"] = role, ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } } },
    };

    [Fact]
    public async Task Database_credentials_are_the_data_keys_of_a_get_logged_in_with_the_tenants_service_account()
    {
        var (c, vault) = await StartBothAsync();
        await using var _ = c;
        await using var __ = vault;
        Generator(c, "VaultDynamicSecret", "team-a", "pg", new JsonObject { ["path"] = "/database/creds/readonly", ["method"] = "GET", ["provider"] = Provider(vault) });
        c.ExternalSecret("team-a", "pg", GeneratorSpec(("VaultDynamicSecret", "pg")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-a", "pg") == "True", c.ReadyMessage("team-a", "pg"));
        Assert.Equal(FakeVaultServer.DatabaseUser("readonly", 1), c.Value("team-a", "pg", "username"));
        Assert.Equal(FakeVaultServer.DatabasePassword(1), c.Value("team-a", "pg", "password"));
        Assert.Equal(["password", "username"], Keys(c, "team-a", "pg"));
        Assert.Equal(("kubernetes", "app", "system:serviceaccount:team-a:app"), (vault.ServiceAccountLogins[0].Mount, vault.ServiceAccountLogins[0].Role, vault.ServiceAccountLogins[0].Subject));
        Assert.Equal(1, vault.CallCount("database-creds"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task A_cluster_generator_writes_a_token_with_parameters_and_gives_the_auth_block_or_the_raw_response_as_eso_converts_them()
    {
        var (c, vault) = await StartBothAsync();
        await using var _ = c;
        await using var __ = vault;
        JsonObject Spec(string resultType) => new()
        {
            ["path"] = "auth/token/create",
            ["method"] = "POST",
            ["parameters"] = new JsonObject { ["policies"] = new JsonArray("ci"), ["ttl"] = "2h", ["meta"] = new JsonObject { ["team"] = "b" } },
            ["resultType"] = resultType,
            ["retrySettings"] = new JsonObject { ["maxRetries"] = 2, ["retryInterval"] = "10ms" },
            ["provider"] = Provider(vault, "app-b"),
        };
        Generator(c, "ClusterGenerator", null, "token", new JsonObject { ["kind"] = "VaultDynamicSecret", ["generator"] = new JsonObject { ["vaultDynamicSecretSpec"] = Spec("Auth") } });
        Generator(c, "VaultDynamicSecret", "team-b", "raw", Spec("Raw"));
        c.ExternalSecret("team-b", "token", GeneratorSpec(("ClusterGenerator", "token")));
        c.ExternalSecret("team-b", "raw", GeneratorSpec(("VaultDynamicSecret", "raw")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-b", "token") == "True", c.ReadyMessage("team-b", "token"));
        Assert.Equal(["accessor", "client_token", "entity_id", "identity_policies", "lease_duration", "metadata", "mfa_requirement", "orphan", "policies", "renewable", "token_policies"],
            Keys(c, "team-b", "token"));
        Assert.StartsWith("hvs.", c.Value("team-b", "token", "client_token"), StringComparison.Ordinal);
        Assert.Equal("""["ci","default"]""", c.Value("team-b", "token", "policies"));
        Assert.Equal("""{"team":"b"}""", c.Value("team-b", "token", "metadata"));
        Assert.Equal("7200", c.Value("team-b", "token", "lease_duration"));
        Assert.Equal("false", c.Value("team-b", "token", "orphan"));
        Assert.Equal("", c.Value("team-b", "token", "identity_policies"));
        var write = vault.Requests.First(r => r.Operation == "token-create");
        Assert.Equal("PUT", write.Method);
        Assert.Equal("""{"policies":["ci"],"ttl":"2h","meta":{"team":"b"}}""", write.Body);

        Assert.True(c.ReadyStatus("team-b", "raw") == "True", c.ReadyMessage("team-b", "raw"));
        Assert.Equal(["auth", "data", "lease_duration", "lease_id", "mount_type", "renewable", "request_id", "warnings"], Keys(c, "team-b", "raw"));
        Assert.Equal("token", c.Value("team-b", "raw", "mount_type"));
        Assert.Equal("", c.Value("team-b", "raw", "data"));
        Assert.Contains("\"client_token\":\"hvs.", c.Value("team-b", "raw", "auth"), StringComparison.Ordinal);
        Assert.Equal(2, vault.CallCount("token-create"));
    }

    [Fact]
    public async Task An_empty_answer_fails_unless_allowed_and_vaults_error_and_a_link_local_server_are_reported()
    {
        var (c, vault) = await StartBothAsync();
        await using var _ = c;
        await using var __ = vault;
        Generator(c, "VaultDynamicSecret", "team-a", "missing", new JsonObject { ["path"] = "database/creds/readonly/extra", ["provider"] = Provider(vault) });
        Generator(c, "VaultDynamicSecret", "team-a", "allowed", new JsonObject { ["path"] = "database/creds/readonly/extra", ["allowEmptyResponse"] = true, ["provider"] = Provider(vault) });
        Generator(c, "VaultDynamicSecret", "team-a", "unknown", new JsonObject { ["path"] = "database/creds/writer", ["provider"] = Provider(vault) });
        Generator(c, "VaultDynamicSecret", "team-a", "imds", new JsonObject
        {
            ["path"] = "latest/meta-data",
            ["provider"] = new JsonObject { ["server"] = "http://169.254.169.254", ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "t", ["key"] = "token" } } },
        });
        Generator(c, "VaultDynamicSecret", "team-a", "other-ns", new JsonObject
        {
            ["path"] = "database/creds/readonly",
            ["provider"] = new JsonObject
            {
                ["server"] = vault.BaseAddress.ToString(),
                ["auth"] = new JsonObject { ["kubernetes"] = new JsonObject { ["role"] = "app-b", ["serviceAccountRef"] = new JsonObject { ["name"] = "app", ["namespace"] = "team-b" } } },
            },
        });
        c.Secret("team-a", "t", new Dictionary<string, string> { ["token"] = vault.RootToken });
        foreach (var name in new[] { "missing", "allowed", "unknown", "imds", "other-ns" }) c.ExternalSecret("team-a", name, GeneratorSpec(("VaultDynamicSecret", name)));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "missing"));
        Assert.EndsWith("VaultDynamicSecret team-a/missing: unable to get dynamic secret: empty response from Vault", c.ReadyMessage("team-a", "missing"), StringComparison.Ordinal);
        Assert.True(c.ReadyStatus("team-a", "allowed") == "True", c.ReadyMessage("team-a", "allowed"));
        Assert.Empty(Keys(c, "team-a", "allowed"));
        Assert.Equal("False", c.ReadyStatus("team-a", "unknown"));
        Assert.Contains("HTTP 400: unknown role: writer", c.ReadyMessage("team-a", "unknown"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "imds"));
        Assert.Contains("link-local", c.ReadyMessage("team-a", "imds"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "other-ns"));
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", c.ReadyMessage("team-a", "other-ns"), StringComparison.Ordinal);
        Assert.DoesNotContain(vault.RootToken, string.Concat(new[] { "missing", "unknown", "imds" }.Select(n => c.ReadyMessage("team-a", n))), StringComparison.Ordinal);
        Assert.DoesNotContain(vault.ServiceAccountLogins, l => l.Subject.Contains("team-b", StringComparison.Ordinal));
    }
}
