using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Vault;

public sealed class VaultAuthTests : IDisposable
{
    private readonly VaultTestEnvironment _env = new();

    private static async Task<FakeVaultServer> StartWithSecretAsync(TimeProvider? time = null)
    {
        var vault = await FakeVaultServer.StartAsync(time);
        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["password"] = "pw" });
        return vault;
    }

    private static async Task<string> ReadPasswordAsync(VaultClient client)
    {
        var value = await new VaultKvStore(client).GetSecretAsync(new("app/db", "password"));
        return System.Text.Encoding.UTF8.GetString(value.Value);
    }

    [Fact]
    public async Task Kubernetes_login_posts_role_and_service_account_jwt_and_uses_the_returned_token()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddKubernetesRole("app", "sa-jwt-1", mount: "k8s-prod");
        var jwtPath = _env.WriteFile("token", "sa-jwt-1\n");
        using var client = VaultTestEnvironment.Client(vault, new VaultKubernetesAuth("app", jwtPath, mount: "k8s-prod"));

        Assert.Equal("pw", await ReadPasswordAsync(client));
        Assert.Equal(1, vault.CallCount("login:k8s-prod"));
        Assert.Equal(vault.IssuedTokens.Single(), vault.Requests[^1].Header("X-Vault-Token"));
    }

    [Fact]
    public async Task AppRole_login_uses_role_id_and_secret_id()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddAppRole("role-id-1", "secret-id-1");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("role-id-1", "secret-id-1"));

        Assert.Equal("pw", await ReadPasswordAsync(client));
        Assert.Equal(1, vault.CallCount("login:approle"));
    }

    [Fact]
    public async Task Jwt_login_uses_role_and_jwt()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddJwtRole("ci", "oidc-jwt");
        using var client = VaultTestEnvironment.Client(vault, VaultJwtAuth.WithToken("ci", "oidc-jwt"));

        Assert.Equal("pw", await ReadPasswordAsync(client));
        Assert.Equal(1, vault.CallCount("login:jwt"));
    }

    [Fact]
    public async Task Failed_login_names_method_and_status_but_not_the_credentials()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddAppRole("role-id-1", "right-secret");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("role-id-1", "wrong-secret-id"));

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => ReadPasswordAsync(client));

        Assert.Contains("approle", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-id", ex.Message, StringComparison.Ordinal);
        Assert.Equal(400, ex.StatusCode);
    }

    [Fact]
    public async Task Token_is_cached_across_calls()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddAppRole("r", "s");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("r", "s"));

        await ReadPasswordAsync(client);
        await ReadPasswordAsync(client);
        await ReadPasswordAsync(client);

        Assert.Equal(1, vault.CallCount("login:approle"));
        Assert.Equal(0, vault.CallCount("renew-self"));
    }

    [Fact]
    public async Task Concurrent_first_calls_share_a_single_login()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddKubernetesRole("app", "jwt");
        using var client = VaultTestEnvironment.Client(vault, new VaultKubernetesAuth("app", _env.WriteFile("jwt", "jwt")));

        var values = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ReadPasswordAsync(client))));

        Assert.All(values, v => Assert.Equal("pw", v));
        Assert.Equal(1, vault.CallCount("login:kubernetes"));
    }

    [Fact]
    public async Task Kubernetes_login_with_a_wrong_jwt_fails_without_echoing_the_jwt()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddKubernetesRole("app", "expected-jwt");
        using var client = VaultTestEnvironment.Client(vault, new VaultKubernetesAuth("app", _env.WriteFile("jwt", "presented-jwt-value")));

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => ReadPasswordAsync(client));

        Assert.Contains("kubernetes auth at auth/kubernetes, role 'app'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("presented-jwt-value", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_renewed_with_renew_self_after_two_thirds_of_its_lease()
    {
        var time = new ManualTimeProvider();
        await using var vault = await StartWithSecretAsync(time);
        vault.LoginTokenTtl = TimeSpan.FromMinutes(30);
        vault.AddAppRole("r", "s");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("r", "s"), time);
        await ReadPasswordAsync(client);

        time.Advance(TimeSpan.FromMinutes(19));
        await ReadPasswordAsync(client);
        Assert.Equal(0, vault.CallCount("renew-self"));

        time.Advance(TimeSpan.FromMinutes(2)); // 21 of 30 minutes: past two thirds, before expiry
        await ReadPasswordAsync(client);
        Assert.Equal(1, vault.CallCount("renew-self"));

        time.Advance(TimeSpan.FromMinutes(25)); // past the original expiry: only the renewal keeps it alive
        Assert.Equal("pw", await ReadPasswordAsync(client));
        Assert.Equal(2, vault.CallCount("renew-self"));
        Assert.Equal(1, vault.CallCount("login:approle"));
    }

    [Fact]
    public async Task Non_renewable_token_is_replaced_by_a_new_login_before_expiry()
    {
        var time = new ManualTimeProvider();
        await using var vault = await StartWithSecretAsync(time);
        vault.LoginTokenTtl = TimeSpan.FromMinutes(30);
        vault.LoginTokensRenewable = false;
        vault.AddAppRole("r", "s");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("r", "s"), time);
        await ReadPasswordAsync(client);

        time.Advance(TimeSpan.FromMinutes(21));
        await ReadPasswordAsync(client);

        Assert.Equal(0, vault.CallCount("renew-self"));
        Assert.Equal(2, vault.CallCount("login:approle"));
    }

    [Fact]
    public async Task Revoked_token_triggers_one_re_login_and_the_call_succeeds()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddKubernetesRole("app", "jwt");
        using var client = VaultTestEnvironment.Client(vault, new VaultKubernetesAuth("app", _env.WriteFile("jwt", "jwt")));
        await ReadPasswordAsync(client);

        vault.RevokeAllLoginTokens();
        var value = await ReadPasswordAsync(client);

        Assert.Equal("pw", value);
        Assert.Equal(2, vault.CallCount("login:kubernetes"));
        Assert.Equal(2, vault.IssuedTokens.Count);
    }

    [Fact]
    public async Task Token_expired_early_at_the_server_is_replaced_by_a_new_login()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddAppRole("r", "s");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("r", "s"));
        await ReadPasswordAsync(client);

        vault.ExpireToken(vault.IssuedTokens.Single());

        Assert.Equal("pw", await ReadPasswordAsync(client));
        Assert.Equal(2, vault.CallCount("login:approle"));
    }

    [Fact]
    public async Task Denial_that_persists_after_re_login_fails_after_exactly_one_re_login()
    {
        await using var vault = await StartWithSecretAsync();
        vault.AddAppRole("r", "s");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("r", "s"));
        await ReadPasswordAsync(client);
        vault.InjectFault(Testing.Http.FakeFault.Forbidden(), "kv-read", times: 2);

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => ReadPasswordAsync(client));

        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(2, vault.CallCount("login:approle"));
        Assert.Contains("secret/data/app/db", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_token_that_is_revoked_fails_without_leaking_the_token()
    {
        await using var vault = await StartWithSecretAsync();
        var token = vault.IssueToken();
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(token));
        vault.RevokeToken(token);

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => ReadPasswordAsync(client));

        Assert.Equal(403, ex.StatusCode);
        Assert.Contains("permission denied", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public async Task Namespace_header_is_sent_on_login_and_reads()
    {
        await using var vault = await StartWithSecretAsync();
        vault.RequiredNamespace = "ns1/team";
        vault.AddJwtRole("ci", "jwt");
        using var client = VaultTestEnvironment.Client(vault, VaultJwtAuth.WithToken("ci", "jwt"), ns: "ns1/team");

        Assert.Equal("pw", await ReadPasswordAsync(client));
        Assert.All(vault.Requests, r => Assert.Equal("ns1/team", r.Header("X-Vault-Namespace")));
    }

    [Fact]
    public async Task Missing_namespace_is_denied_by_the_server()
    {
        await using var vault = await StartWithSecretAsync();
        vault.RequiredNamespace = "ns1";
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => ReadPasswordAsync(client));

        Assert.Equal(403, ex.StatusCode);
    }

    public void Dispose() => _env.Dispose();
}
