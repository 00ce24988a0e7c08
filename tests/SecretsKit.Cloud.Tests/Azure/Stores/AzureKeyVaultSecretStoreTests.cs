using SecretsKit.Cloud.Tests.Azure;
using System.Text;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Azure.Stores;

public sealed class AzureKeyVaultSecretStoreTests : AzureVaultFixture
{
    private AzureKeyVaultSecretStore Store() =>
        new(new Uri(Vault.VaultUrl), new FakeVaultCredential(Vault), TestContexts.FastRetries(Handler));

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Get_returns_the_latest_value_and_its_version()
    {
        Vault.SetSecret("db-password", "old");
        var latest = Vault.SetSecret("db-password", "s3cr3t");

        var value = await Store().GetSecretAsync(new SecretRef("db-password"));

        Assert.Equal("s3cr3t", Text(value.Value));
        Assert.Equal(latest, value.Version);
        Assert.Equal("azurekv", Store().Provider);
    }

    [Fact]
    public async Task Get_with_a_version_returns_that_version()
    {
        var first = Vault.SetSecret("api-key", "v1");
        Vault.SetSecret("api-key", "v2");

        var value = await Store().GetSecretAsync(new SecretRef("api-key", Version: first));

        Assert.Equal("v1", Text(value.Value));
    }

    [Fact]
    public async Task Get_with_a_property_returns_that_json_field_and_nested_fields_by_dots()
    {
        Vault.SetSecret("db", """{"user":"app","port":5432,"tls":{"mode":"verify-full"}}""");

        Assert.Equal("app", Text((await Store().GetSecretAsync(new SecretRef("db", "user"))).Value));
        Assert.Equal("5432", Text((await Store().GetSecretAsync(new SecretRef("db", "port"))).Value));
        Assert.Equal("verify-full", Text((await Store().GetSecretAsync(new SecretRef("db", "tls.mode"))).Value));
    }

    [Fact]
    public async Task Missing_secret_version_or_property_is_SecretNotFound()
    {
        Vault.SetSecret("present", """{"a":"1"}""");
        var store = Store();

        await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("absent")));
        await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("present", Version: "0000")));
        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("present", "b")));
        Assert.Contains("azurekv", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"1\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_map_reads_a_json_object_value_as_key_to_bytes()
    {
        Vault.SetSecret("config", """{"user":"app","password":"pw","port":5432}""");

        var map = await Store().GetSecretMapAsync(new SecretRef("config"));

        Assert.Equal(new[] { "password", "port", "user" }, map.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pw", Text(map["password"]));
        Assert.Equal("5432", Text(map["port"]));
    }

    [Fact]
    public async Task Secret_map_of_a_non_json_value_fails_without_showing_it()
    {
        Vault.SetSecret("plain", "not-json-secret-text");

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => Store().GetSecretMapAsync(new SecretRef("plain")));

        Assert.DoesNotContain("not-json-secret-text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_by_name_regex_returns_matching_enabled_secrets()
    {
        Vault.SetSecret("app-db", "1");
        Vault.SetSecret("app-cache", "2");
        Vault.SetSecret("other", "3");
        Vault.SetSecret("app-off", "4", enabled: false);

        var found = await Store().FindSecretsAsync(new SecretQuery(NameRegex: "^app-"));

        Assert.Equal(new[] { "app-cache", "app-db" }, found.Keys);
        Assert.Equal("1", Text(found["app-db"]));
    }

    [Fact]
    public async Task Find_follows_next_links_across_pages()
    {
        Vault.ListPageSize = 2;
        foreach (var name in new[] { "s1", "s2", "s3", "s4", "s5" })
        {
            Vault.SetSecret(name, name.ToUpperInvariant());
        }

        var found = await Store().FindSecretsAsync(new SecretQuery(NameRegex: "^s[1-5]$"));

        Assert.Equal(new[] { "s1", "s2", "s3", "s4", "s5" }, found.Keys);
        Assert.Equal(3, Vault.CountCalls("listSecrets"));
    }

    [Fact]
    public async Task Find_by_tags_requires_every_tag_to_match()
    {
        Vault.SetSecret("a", "1", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "x" });
        Vault.SetSecret("b", "2", new Dictionary<string, string> { ["env"] = "prod" });
        Vault.SetSecret("c", "3", new Dictionary<string, string> { ["env"] = "dev", ["team"] = "x" });

        var found = await Store().FindSecretsAsync(new SecretQuery(Tags: new Dictionary<string, string> { ["env"] = "prod", ["team"] = "x" }));

        Assert.Equal(new[] { "a" }, found.Keys);
    }

    [Fact]
    public async Task Throttled_reads_are_retried()
    {
        Vault.SetSecret("busy", "v");
        var store = Store();
        await store.GetSecretAsync(new SecretRef("busy"));
        Vault.InjectFault(FakeFault.TooManyRequests(TimeSpan.Zero, "Throttled"));
        Vault.InjectFault(FakeFault.ServerError());

        var value = await store.GetSecretAsync(new SecretRef("busy"));

        Assert.Equal("v", Text(value.Value));
        Assert.Equal(new[] { 200, 429, 500, 200 }, Vault.Calls.Where(c => c.Operation == "getSecret").Select(c => c.Status));
    }

    [Fact]
    public async Task Store_built_from_the_environment_authenticates_with_a_client_secret()
    {
        Vault.AddClient("agent", "agent-secret");
        Vault.SetSecret("from-env", "ok");
        var context = TestContexts.With(new Dictionary<string, string>
        {
            ["AZURE_TENANT_ID"] = Vault.TenantId,
            ["AZURE_CLIENT_ID"] = "agent",
            ["AZURE_CLIENT_SECRET"] = "agent-secret",
            ["AZURE_AUTHORITY_HOST"] = Vault.AuthorityHost,
        });

        var value = await AzureKeyVaultSecretStore.FromEnvironment(new Uri(Vault.VaultUrl), context, TestContexts.FastRetries(Handler))
            .GetSecretAsync(new SecretRef("from-env"));

        Assert.Equal("ok", Text(value.Value));
        Assert.Equal(1, Vault.CountCalls("token"));
    }
}
