using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// Vault logins with a tenant's own ServiceAccount: the agent mints a token through the API fake's TokenRequest API, and
/// the Vault fake verifies its signature (the API fake's key), audience, expiry and subject, as Vault does with the cluster's keys.
/// </summary>
public sealed class VaultServiceAccountAuthTests
{
    private static readonly CloudRetryOptions FastRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };

    private static async Task<AgentCluster> ClusterAsync()
    {
        var c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Server.ServiceAccount("team-a", "app");
        c.Server.ServiceAccount("team-b", "app");
        return c;
    }

    private static JsonObject Vault(FakeVaultServer vault, JsonObject auth) => new()
    {
        ["vault"] = new JsonObject { ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2", ["auth"] = auth },
    };

    private static JsonObject Kubernetes(JsonObject serviceAccountRef) =>
        new() { ["kubernetes"] = new JsonObject { ["role"] = "app", ["serviceAccountRef"] = serviceAccountRef } };

    private static JsonObject Jwt(JsonObject serviceAccountRef, JsonArray? audiences = null)
    {
        var sat = new JsonObject { ["serviceAccountRef"] = serviceAccountRef };
        if (audiences is not null) sat["audiences"] = audiences;
        return new JsonObject { ["jwt"] = new JsonObject { ["role"] = "ci", ["kubernetesServiceAccountToken"] = sat } };
    }

    private static JsonObject Sa(string name, string? ns = null) => ns is null ? new() { ["name"] = name } : new() { ["name"] = name, ["namespace"] = ns };

    [Fact]
    public async Task Kubernetes_auth_with_serviceAccountRef_syncs_with_a_ten_minute_token_minted_for_that_account()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "pw-a" });
        vault.AddServiceAccountRole("app", c.Server.TokenRequests.Issuer, "team-a", "app");
        c.Store("team-a", "vault", Vault(vault, Kubernetes(Sa("app"))));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Equal("pw-a", c.Value("team-a", "es", "password"));
        var request = Assert.Single(c.Server.TokenRequests.Log);
        Assert.Equal(("team-a", "app", 600L), (request.Namespace, request.ServiceAccount, request.ExpirationSeconds));
        Assert.Empty(request.Audiences); // ESO: the API server's own audiences unless serviceAccountRef.audiences says otherwise
        var login = Assert.Single(vault.ServiceAccountLogins);
        Assert.Equal(("kubernetes", "app", "system:serviceaccount:team-a:app"), (login.Mount, login.Role, login.Subject));
        Assert.Equal(c.Server.TokenRequests.Issuer.DefaultAudiences, login.Audiences);
    }

    [Fact]
    public async Task Jwt_auth_with_kubernetesServiceAccountToken_asks_for_audience_vault_by_default_at_mount_jwt()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "pw" });
        vault.AddServiceAccountRole("ci", c.Server.TokenRequests.Issuer, "team-a", "app", audience: "vault", mount: "jwt");
        c.Store("team-a", "vault", Vault(vault, Jwt(Sa("app"))));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Equal("pw", c.Value("team-a", "es", "password"));
        Assert.Equal(["vault"], Assert.Single(c.Server.TokenRequests.Log).Audiences);
        var login = Assert.Single(vault.ServiceAccountLogins);
        Assert.Equal(("jwt", "ci", "system:serviceaccount:team-a:app"), (login.Mount, login.Role, login.Subject));
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_by_vault_and_the_condition_says_why()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.AddServiceAccountRole("ci", c.Server.TokenRequests.Issuer, "team-a", "app", audience: "vault", mount: "jwt");
        c.Store("team-a", "vault", Vault(vault, Jwt(Sa("app"), new JsonArray("https://other.example"))));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("team-a", "es"));
        var message = c.ReadyMessage("team-a", "es");
        Assert.Contains("jwt auth at auth/jwt, role 'ci'", message, StringComparison.Ordinal);
        Assert.Contains("invalid audience (aud) claim", message, StringComparison.Ordinal);
        Assert.Empty(vault.ServiceAccountLogins);
    }

    [Fact]
    public async Task An_expired_token_is_refused_by_vault_and_the_condition_says_so()
    {
        await using var c = await ClusterAsync();
        var vaultClock = new ManualTimeProvider(c.Time.GetUtcNow() + TimeSpan.FromHours(2)); // Vault's clock is past the token's 10 minutes
        await using var vault = await FakeVaultServer.StartAsync(vaultClock);
        vault.AddServiceAccountRole("app", c.Server.TokenRequests.Issuer, "team-a", "app");
        c.Store("team-a", "vault", Vault(vault, Kubernetes(Sa("app"))));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("team-a", "es"));
        Assert.Contains("token is expired", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_is_refused_and_no_token_is_minted()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.AddServiceAccountRole("app", c.Server.TokenRequests.Issuer, "team-b", "app");
        c.Store("team-a", "vault", Vault(vault, Kubernetes(Sa("app", "team-b"))));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("team-a", "es"));
        var message = c.ReadyMessage("team-a", "es");
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", message, StringComparison.Ordinal);
        Assert.Contains("only ServiceAccounts of its own namespace 'team-a'", message, StringComparison.Ordinal);
        var store = c.Server.TryGet(SecretsKit.Testing.Kubernetes.FakeResourceType.SecretStore, "team-a", "vault")!;
        Assert.Equal("False", store["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
        Assert.Empty(c.Server.TokenRequests.Log);
        Assert.Equal(0, vault.CallCount("login:kubernetes"));
    }

    [Fact]
    public async Task A_cluster_secret_store_uses_the_named_namespace_or_else_the_external_secrets_own()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "shared" });
        vault.AddServiceAccountRole("app", c.Server.TokenRequests.Issuer, "team-b", "app");
        c.Store(null, "shared", Vault(vault, Kubernetes(Sa("app", "team-b"))));
        c.Store(null, "unnamed", Vault(vault, Kubernetes(Sa("app"))));
        c.ExternalSecret("team-a", "es", Spec("shared", "ClusterSecretStore", data: [("password", "db", "password")]));
        c.ExternalSecret("team-a", "es2", Spec("unnamed", "ClusterSecretStore", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Equal("shared", c.Value("team-a", "es", "password"));
        // ESO's referent rule: without a namespace, team-a's ExternalSecret logs in as team-a/app, which the role does not trust
        Assert.Equal(["team-a/app", "team-b/app"], c.Server.TokenRequests.Log.Select(t => $"{t.Namespace}/{t.ServiceAccount}").Order());
        Assert.Null(c.TargetSecret("team-a", "es2"));
        Assert.Equal("False", c.ReadyStatus("team-a", "es2"));
    }

    [Fact]
    public async Task A_missing_service_account_is_a_condition_naming_it()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        c.Store("team-a", "vault", Vault(vault, Kubernetes(Sa("ghost"))));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Contains("ServiceAccount team-a/ghost not found", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_reused_until_a_fifth_of_its_life_is_left_then_minted_again()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "pw" });
        vault.AddServiceAccountRole("app", c.Server.TokenRequests.Issuer, "team-a", "app");
        c.Store("team-a", "vault", Vault(vault, Kubernetes(Sa("app"))));
        c.ExternalSecret("team-a", "es", Spec("vault", refresh: "1m", data: [("password", "db", "password")]));
        await c.PassAsync();

        vault.RevokeAllLoginTokens(); // the next read is denied: the client logs in again, with the cached token
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();
        Assert.Single(c.Server.TokenRequests.Log);
        Assert.Equal(2, vault.ServiceAccountLogins.Count);

        vault.RevokeAllLoginTokens();
        c.Time.Advance(TimeSpan.FromMinutes(7)); // 9 of 10 minutes gone: a fresh token
        await c.PassAsync();
        Assert.Equal(2, c.Server.TokenRequests.Log.Count);
        Assert.Equal(3, vault.ServiceAccountLogins.Count);
        Assert.Equal("pw", c.Value("team-a", "es", "password"));
    }

    [Fact]
    public async Task Userpass_auth_logs_in_at_mount_userpass_with_the_password_from_a_secret()
    {
        await using var c = await ClusterAsync();
        await using var vault = await FakeVaultServer.StartAsync(c.Time);
        vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "pw" });
        vault.AddUser("alice", "alice-pw");
        c.Secret("team-a", "vault-user", new Dictionary<string, string> { ["password"] = "alice-pw" });
        c.Store("team-a", "vault", Vault(vault, new JsonObject
        {
            ["userPass"] = new JsonObject { ["username"] = "alice", ["secretRef"] = new JsonObject { ["name"] = "vault-user", ["key"] = "password" } },
        }));
        c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await c.PassAsync();

        Assert.Equal("pw", c.Value("team-a", "es", "password"));
        Assert.Equal(1, vault.CallCount("login:userpass"));
    }
}
