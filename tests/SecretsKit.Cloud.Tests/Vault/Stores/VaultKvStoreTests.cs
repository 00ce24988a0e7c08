using SecretsKit.Cloud.Tests.Vault;
using System.Text;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Patterns;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Vault.Stores;

public sealed class VaultKvStoreTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static async Task<(FakeVaultServer Vault, VaultKvStore Store, IDisposable Client)> CreateSutAsync(string mount = "secret", int version = 2)
    {
        var vault = await FakeVaultServer.StartAsync();
        vault.EnableKv(mount, version);
        var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));
        return (vault, new VaultKvStore(client, mount, version), client);
    }

    [Fact]
    public async Task Get_without_property_returns_the_whole_kv2_data_as_json_with_version_metadata()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["user"] = "u", ["password"] = "p" });

        var value = await store.GetSecretAsync(new SecretRef("app/db"));

        Assert.Equal("""{"user":"u","password":"p"}""", Text(value.Value));
        Assert.Equal("1", value.Version);
        Assert.True(value.Metadata!.ContainsKey("created_time"));
        Assert.Equal(1, vault.CallCount("kv-read"));
        Assert.Equal("/v1/secret/data/app/db", vault.Requests.Single().PathAndQuery);
    }

    [Theory]
    [InlineData("password", "p2")]
    [InlineData("nested.inner.key", "deep")]
    [InlineData("dotted.key", "top-level wins")]
    [InlineData("list.1", "b")]
    [InlineData("nested", """{"inner":{"key":"deep"}}""")]
    [InlineData("port", "5432")]
    public async Task Get_with_property_selects_a_field_nested_with_dots_as_eso_does(string property, string expected)
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2PutJson("secret", "app", """{"password":"p2","nested":{"inner":{"key":"deep"}},"dotted.key":"top-level wins","dotted":{"key":"nested loses"},"list":["a","b"],"port":5432}""");

        var value = await store.GetSecretAsync(new SecretRef("app", property));

        Assert.Equal(expected, Text(value.Value));
    }

    [Fact]
    public async Task Get_with_version_reads_that_kv2_version()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v1" });
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v2" });

        var old = await store.GetSecretAsync(new SecretRef("app", "k", Version: "1"));
        var latest = await store.GetSecretAsync(new SecretRef("app", "k"));

        Assert.Equal(("v1", "1"), (Text(old.Value), old.Version));
        Assert.Equal(("v2", "2"), (Text(latest.Value), latest.Version));
        Assert.Equal("/v1/secret/data/app?version=1", vault.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Missing_path_deleted_version_and_missing_property_throw_not_found()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v" });
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v" });
        vault.Kv2DeleteVersion("secret", "app", 1);

        var missing = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("nope")));
        var deleted = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("app", Version: "1")));
        var property = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("app", "other")));

        Assert.Contains("vault: secret 'secret/nope' not found", missing.Message, StringComparison.Ordinal);
        Assert.Contains("secret/app@1", deleted.Message, StringComparison.Ordinal);
        Assert.Contains("'other'", property.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"v\"", property.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kv1_reads_data_directly_under_the_mount()
    {
        var (vault, store, client) = await CreateSutAsync("kv", 1);
        await using var _ = vault;
        using var __ = client;
        vault.Kv1Put("kv", "team/app", new Dictionary<string, string> { ["token"] = "t1" });

        var value = await store.GetSecretAsync(new SecretRef("team/app", "token"));
        var map = await store.GetSecretMapAsync(new SecretRef("kv/team/app"));

        Assert.Equal("t1", Text(value.Value));
        Assert.Equal("t1", Text(map["token"]));
        Assert.All(vault.Requests, r => Assert.Equal("/v1/kv/team/app", r.PathAndQuery));
    }

    [Fact]
    public async Task GetSecretMap_returns_the_kv_map_or_a_nested_object_by_property()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2PutJson("secret", "app", """{"a":"1","b":{"c":"2","d":3}}""");

        var whole = await store.GetSecretMapAsync(new SecretRef("app"));
        var nested = await store.GetSecretMapAsync(new SecretRef("app", "b"));

        Assert.Equal(["a", "b"], whole.Keys.Order());
        Assert.Equal("""{"c":"2","d":3}""", Text(whole["b"]));
        Assert.Equal("2", Text(nested["c"]));
        Assert.Equal("3", Text(nested["d"]));
    }

    [Fact]
    public async Task Find_lists_recursively_under_a_path_and_filters_by_name_regex()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2Put("secret", "team/app/db", new Dictionary<string, string> { ["p"] = "1" });
        vault.Kv2Put("secret", "team/app/api", new Dictionary<string, string> { ["p"] = "2" });
        vault.Kv2Put("secret", "team/other/db", new Dictionary<string, string> { ["p"] = "3" });
        vault.Kv2Put("secret", "elsewhere", new Dictionary<string, string> { ["p"] = "4" });

        var underTeam = await store.FindSecretsAsync(new SecretQuery(Path: "team"));
        var dbs = await store.FindSecretsAsync(new SecretQuery(NameRegex: "/db$"));

        Assert.Equal(["team/app/api", "team/app/db", "team/other/db"], underTeam.Keys.Order());
        Assert.Equal("""{"p":"1"}""", Text(underTeam["team/app/db"]));
        Assert.Equal(["team/app/db", "team/other/db"], dbs.Keys.Order());
        Assert.Contains(vault.Requests, r => r.Method == "LIST" && r.PathAndQuery == "/v1/secret/metadata/team");
    }

    [Fact]
    public async Task A_find_name_regexp_is_go_s_regexp_as_eso_compiles_it()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2Put("secret", "app1", new Dictionary<string, string> { ["p"] = "1" });
        vault.Kv2Put("secret", "app\u0661", new Dictionary<string, string> { ["p"] = "2" });

        // Go's \d is [0-9]: the Arabic-Indic digit is not one
        Assert.Equal(["app1"], (await store.FindSecretsAsync(new SecretQuery(NameRegex: "^app\\d$"))).Keys);
        // look-around does not exist in Go's regexp: refused in its words, not matched by another engine's rules
        var refused = await Assert.ThrowsAsync<InvalidPatternException>(() => store.FindSecretsAsync(new SecretQuery(NameRegex: "^(?=app)")));
        Assert.Equal("find.name.regexp: invalid regular expression '^(?=app)': error parsing regexp: invalid or unsupported Perl syntax: `(?=`", refused.Message);
    }

    [Fact]
    public async Task Find_by_tags_matches_kv2_custom_metadata()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;
        vault.Kv2Put("secret", "a", new Dictionary<string, string> { ["p"] = "1" });
        vault.Kv2Put("secret", "b", new Dictionary<string, string> { ["p"] = "2" });
        vault.Kv2SetCustomMetadata("secret", "a", new Dictionary<string, string> { ["env"] = "prod" });
        vault.Kv2SetCustomMetadata("secret", "b", new Dictionary<string, string> { ["env"] = "dev" });

        var found = await store.FindSecretsAsync(new SecretQuery(Tags: new Dictionary<string, string> { ["env"] = "prod" }));

        Assert.Equal(["a"], found.Keys);
    }

    [Fact]
    public async Task Find_in_an_empty_folder_returns_nothing()
    {
        var (vault, store, client) = await CreateSutAsync();
        await using var _ = vault;
        using var __ = client;

        var found = await store.FindSecretsAsync(new SecretQuery(Path: "none"));

        Assert.Empty(found);
    }
}
