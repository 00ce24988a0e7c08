using SecretsKit.Cloud.Tests.Azure;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Azure.Keys;

public sealed class AzureKeyVaultMasterKeyTests : AzureVaultFixture
{
    private Dictionary<string, string> ServicePrincipalEnv()
    {
        Vault.AddClient("sops-client", "client-secret-value");
        return new Dictionary<string, string>
        {
            ["AZURE_TENANT_ID"] = Vault.TenantId,
            ["AZURE_CLIENT_ID"] = "sops-client",
            ["AZURE_CLIENT_SECRET"] = "client-secret-value",
            ["AZURE_AUTHORITY_HOST"] = Vault.AuthorityHost,
        };
    }

    private AzureKeyVaultKeySource Source(Dictionary<string, string>? env = null, FakeVaultCredential? credential = null) =>
        new(TestContexts.With(env ?? new Dictionary<string, string>()),
            TestContexts.FastRetries(Handler) with { AzureCredential = credential });

    [Fact]
    public async Task Wrap_then_unwrap_round_trips_with_a_client_secret_credential_against_the_fake_directory()
    {
        Vault.CreateRsaKey("sops-key");
        var source = Source(ServicePrincipalEnv());
        var dataKey = TestContexts.NewDataKey();

        var entry = await source.Parse(Vault.KeyUrl("sops-key"), KeyParseOptions.None).WrapAsync(dataKey);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
        Assert.Equal(1, Vault.CountCalls("token"));
        Assert.Contains(FakeAzureKeyVaultServer.Resource + "/.default", Vault.RequestedScopes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workload_identity_federated_token_file_is_exchanged_at_the_directory()
    {
        Vault.CreateRsaKey("wi");
        var dir = Directory.CreateTempSubdirectory("sk-azwi-");
        try
        {
            var tokenFile = Path.Combine(dir.FullName, "token");
            await File.WriteAllTextAsync(tokenFile, "eyJhbGciOiJSUzI1NiJ9.federated.sig");
            Vault.AddFederatedClient("wi-client", "eyJhbGciOiJSUzI1NiJ9.federated.sig");
            var env = new Dictionary<string, string>
            {
                ["AZURE_TENANT_ID"] = Vault.TenantId,
                ["AZURE_CLIENT_ID"] = "wi-client",
                ["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile,
                ["AZURE_AUTHORITY_HOST"] = Vault.AuthorityHost,
            };
            var dataKey = TestContexts.NewDataKey();

            var entry = await Source(env).Parse(Vault.KeyUrl("wi"), KeyParseOptions.None).WrapAsync(dataKey);

            Assert.Equal(dataKey, (await Source(env).FromEntry(entry).UnwrapAsync(entry)).DataKey);
            Assert.All(Vault.Calls.Where(c => c.Operation == "token"), c => Assert.Equal(200, c.Status));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task First_request_gets_the_bearer_challenge_then_is_resent_with_a_token()
    {
        Vault.CreateRsaKey("k");
        var credential = new FakeVaultCredential(Vault);

        await Source(credential: credential).Parse(Vault.KeyUrl("k"), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(new[] { "challenge", "getKey", "encrypt" }, Vault.Calls.Select(c => c.Operation));
        Assert.Equal(1, credential.Requests);
    }

    [Fact]
    public async Task Omitted_version_resolves_to_the_latest_and_enc_is_base64url_without_padding()
    {
        Vault.CreateRsaKey("rotated");
        var latest = Vault.CreateRsaKey("rotated");
        var source = Source(credential: new FakeVaultCredential(Vault));

        var entry = await source.Parse(Vault.KeyUrl("rotated"), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(latest, entry.Fields["version"]);
        Assert.Matches(new Regex("^[A-Za-z0-9_-]+$"), entry.Enc);
        Assert.Equal(256, Base64Url.Decode(entry.Enc).Length);
    }

    [Fact]
    public async Task Explicit_version_is_used_even_when_newer_versions_exist()
    {
        var first = Vault.CreateRsaKey("pinned");
        Vault.CreateRsaKey("pinned");
        var source = Source(credential: new FakeVaultCredential(Vault));
        var dataKey = TestContexts.NewDataKey();

        var entry = await source.Parse(Vault.KeyUrl("pinned", first), KeyParseOptions.None).WrapAsync(dataKey);

        Assert.Equal(first, entry.Fields["version"]);
        Assert.Equal(0, Vault.CountCalls("getKey"));
        Assert.Equal(dataKey, (await source.FromEntry(entry).UnwrapAsync(entry)).DataKey);
    }

    [Fact]
    public async Task Entry_has_exactly_sops_azure_kv_field_names()
    {
        Vault.CreateRsaKey("fields");
        var entry = await Source(credential: new FakeVaultCredential(Vault))
            .FromConfigObject(new Dictionary<string, string> { ["vaultUrl"] = Vault.VaultUrl, ["key"] = "fields" }, null)
            .WrapAsync(TestContexts.NewDataKey());

        Assert.Equal("azure_kv", entry.KeyType);
        Assert.Equal(new[] { "created_at", "enc", "name", "vault_url", "version" }, entry.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Vault.VaultUrl, entry.Fields["vault_url"]);
        Assert.Equal("fields", entry.Fields["name"]);
        Assert.Null(entry.Context);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        var version = Vault.CreateRsaKey("flaky");
        Vault.InjectFault(FakeFault.ServerError(), times: 2);

        await Source(credential: new FakeVaultCredential(Vault)).Parse(Vault.KeyUrl("flaky", version), KeyParseOptions.None)
            .WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(new[] { 500, 500, 200 }, Vault.Calls.Where(c => c.Operation == "encrypt").Select(c => c.Status));
    }

    [Fact]
    public async Task Throttling_429_with_Retry_After_is_retried()
    {
        var version = Vault.CreateRsaKey("busy");
        Vault.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromSeconds(1), "Throttled"));

        await Source(credential: new FakeVaultCredential(Vault)).Parse(Vault.KeyUrl("busy", version), KeyParseOptions.None)
            .WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(new[] { 429, 200 }, Vault.Calls.Where(c => c.Operation == "encrypt").Select(c => c.Status));
    }

    [Fact]
    public async Task Forbidden_403_is_not_retried_and_the_error_names_provider_key_and_status_but_no_token()
    {
        var version = Vault.CreateRsaKey("locked");
        Vault.InjectFault(FakeFault.Forbidden("Forbidden"));
        var token = Vault.IssueToken();
        var dataKey = TestContexts.NewDataKey();
        var url = Vault.KeyUrl("locked", version);

        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            Source(credential: new FakeVaultCredential(Vault, token)).Parse(url, KeyParseOptions.None).WrapAsync(dataKey));

        Assert.Equal(1, Vault.CountCalls("encrypt"));
        TestContexts.AssertSafeMessage(error.Message, dataKey, "azure_kv", url, "HTTP 403", "Forbidden");
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_token_gets_401_and_a_fresh_token_is_fetched_once()
    {
        var version = Vault.CreateRsaKey("expiring");
        var credential = new FakeVaultCredential(Vault);
        var source = Source(credential: credential);
        var dataKey = TestContexts.NewDataKey();
        var entry = await source.Parse(Vault.KeyUrl("expiring", version), KeyParseOptions.None).WrapAsync(dataKey);
        Vault.ExpireAllTokens();

        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.Equal(dataKey, result.DataKey);
        Assert.Equal(2, credential.Requests);
        Assert.Equal(new[] { "challenge", "encrypt", "challenge", "decrypt" }, Vault.Calls.Select(c => c.Operation));
    }

    [Fact]
    public async Task Rejected_token_fails_the_unwrap_with_401_and_never_shows_the_token()
    {
        var version = Vault.CreateRsaKey("k");
        var good = Source(credential: new FakeVaultCredential(Vault));
        var dataKey = TestContexts.NewDataKey();
        var entry = await good.Parse(Vault.KeyUrl("k", version), KeyParseOptions.None).WrapAsync(dataKey);
        var bad = Source(credential: new FakeVaultCredential(null, "not-a-token-the-vault-issued"));

        var result = await bad.FromEntry(entry).UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        TestContexts.AssertSafeMessage(result.Reason, dataKey, "azure_kv", "HTTP 401", "Unauthorized");
        Assert.DoesNotContain("not-a-token-the-vault-issued", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_client_secret_fails_at_the_directory_with_no_secret_in_the_message()
    {
        Vault.CreateRsaKey("k");
        var env = ServicePrincipalEnv();
        env["AZURE_CLIENT_SECRET"] = "wrong-secret-value";

        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            Source(env).Parse(Vault.KeyUrl("k"), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey()));

        Assert.Contains("azure_kv", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Vault.CountCalls("encrypt"));
    }

    [Fact]
    public async Task Challenge_naming_a_resource_outside_the_vault_host_gets_no_token()
    {
        Vault.CreateRsaKey("k");
        Vault.ChallengeResource = "https://attacker.example";
        var credential = new FakeVaultCredential(Vault);

        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            Source(credential: credential).Parse(Vault.KeyUrl("k"), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey()));

        Assert.Contains("refusing to send it a token", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, credential.Requests);
    }

    [Theory]
    [InlineData("https://v.vault.azure.net/keys/k", "https://v.vault.azure.net", "k", "")]
    [InlineData("https://v.vault.azure.net/keys/k/0123abcd", "https://v.vault.azure.net", "k", "0123abcd")]
    public void Parse_reads_vault_name_and_optional_version(string url, string vault, string name, string version)
    {
        var key = Assert.IsType<AzureKeyVaultMasterKey>(Source().Parse(url, KeyParseOptions.None));
        Assert.Equal((vault, name, version), (key.VaultUrl, key.Name, key.Version));
    }

    [Theory]
    [InlineData("http://v.vault.azure.net/keys/k")]
    [InlineData("https://v.vault.azure.net/secrets/k")]
    public void Parse_rejects_urls_that_are_not_https_key_urls(string url) =>
        Assert.Throws<SecretsKitException>(() => Source().Parse(url, KeyParseOptions.None));
}
