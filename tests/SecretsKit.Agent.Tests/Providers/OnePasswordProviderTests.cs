using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.OnePassword;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// ESO's <c>onepassword</c> provider through the agent against the strict 1Password Connect fake: vault priority,
/// fields (default <c>password</c>), files, <c>field/</c> and <c>file/</c> prefixes, extract, find by name, tags and
/// path, and ESO's error messages for missing and ambiguous items and fields, a refused token and an invalid store.
/// </summary>
public sealed class OnePasswordProviderTests
{
    private static JsonObject Store(FakeOnePasswordConnectServer connect, string? host = null) => new()
    {
        ["onepassword"] = new JsonObject
        {
            ["connectHost"] = host ?? connect.BaseAddress.ToString().TrimEnd('/'),
            ["vaults"] = new JsonObject { ["staging"] = 2, ["prod"] = 1 },
            ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["connectTokenSecretRef"] = new JsonObject { ["name"] = "op-token", ["key"] = "token" } } },
        },
    };

    private static async Task<FakeOnePasswordConnectServer> ConnectAsync()
    {
        var connect = await FakeOnePasswordConnectServer.StartAsync();
        connect.AddVault("prod");
        connect.AddVault("staging");
        connect.AddVault("other");
        connect.AddItem("prod", "db", fields: [("username", "app", null), ("password", "prod-pw", null), ("port", "5432", "connection")], tags: ["backend"]);
        connect.AddItem("staging", "db", fields: [("username", "stage", null), ("password", "staging-pw", null)]);
        connect.AddItem("staging", "api", "API_CREDENTIAL", fields: [("credential", "k-1", null), ("password", "api-pw", null)], tags: ["backend", "edge"],
            files: [("ca.pem", Encoding.UTF8.GetBytes("-----CA-----"))]);
        connect.AddItem("prod", "tls", "DOCUMENT", files: [("tls.crt", Encoding.UTF8.GetBytes("CERT")), ("tls.key", Encoding.UTF8.GetBytes("KEY"))]);
        connect.AddItem("other", "db", fields: [("password", "never-read", null)]);
        return connect;
    }

    [Fact]
    public async Task Onepassword_store_reads_fields_by_vault_priority_files_and_extract_as_eso()
    {
        await using var connect = await ConnectAsync();
        await using var c = await StartAsync();
        c.Secret("default", "op-token", new Dictionary<string, string> { ["token"] = connect.Token });
        c.Store("default", "op", Store(connect));
        var spec = Spec("op", data:
        [
            ("password", "db", null), ("user", "db", "username"), ("port", "db", "port"), ("api", "api", "credential"),
            ("cert", "tls", null), ("key", "tls", "tls.key"), ("ca", "api", "file/ca.pem"), ("api-pw", "api", "field/password"),
        ]);
        spec["dataFrom"] = new JsonArray(new JsonObject { ["extract"] = new JsonObject { ["key"] = "api" } },
            new JsonObject { ["extract"] = new JsonObject { ["key"] = "tls" } });
        c.ExternalSecret("default", "app", spec);

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "app") == "True", c.ReadyMessage("default", "app"));
        Assert.Equal("prod-pw", c.Value("default", "app", "password")); // prod (1) before staging (2); "other" is not a store vault
        Assert.Equal("app", c.Value("default", "app", "user"));
        Assert.Equal("5432", c.Value("default", "app", "port")); // a field in a section, by its label
        Assert.Equal("k-1", c.Value("default", "app", "api")); // only staging has "api"
        Assert.Equal("CERT", c.Value("default", "app", "cert")); // DOCUMENT without property: its first file
        Assert.Equal("KEY", c.Value("default", "app", "key"));
        Assert.Equal("-----CA-----", c.Value("default", "app", "ca"));
        Assert.Equal("api-pw", c.Value("default", "app", "api-pw"));
        Assert.Equal("k-1", c.Value("default", "app", "credential")); // extract: every field by label
        Assert.Equal("CERT", c.Value("default", "app", "tls.crt")); // extract of a DOCUMENT: every file by name
        Assert.Equal("KEY", c.Value("default", "app", "tls.key"));
        Assert.All(connect.Requests, r => Assert.Equal("Bearer " + connect.Token, r.Header("Authorization")));
        Assert.Contains(connect.Requests, r => r.PathAndQuery == "/v1/vaults?filter=title+eq+%22prod%22");
    }

    [Fact]
    public async Task Onepassword_find_by_name_takes_the_first_label_by_vault_priority_and_by_tags_searches_the_first_vault_only()
    {
        await using var connect = await ConnectAsync();
        await using var c = await StartAsync();
        c.Secret("default", "op-token", new Dictionary<string, string> { ["token"] = connect.Token });
        c.Store("default", "op", Store(connect));
        var byName = Spec("op");
        byName["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = "^(password|username|credential)$" } } });
        c.ExternalSecret("default", "by-name", byName);
        var byTag = Spec("op");
        byTag["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["tags"] = new JsonObject { ["backend"] = "any value" } } });
        c.ExternalSecret("default", "by-tag", byTag);
        var byPath = Spec("op");
        byPath["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["path"] = "api" } });
        c.ExternalSecret("default", "by-path", byPath);

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "by-name") == "True", c.ReadyMessage("default", "by-name"));
        Assert.Equal("prod-pw", c.Value("default", "by-name", "password"));
        Assert.Equal("app", c.Value("default", "by-name", "username"));
        Assert.Equal("k-1", c.Value("default", "by-name", "credential"));
        Assert.Null(c.Value("default", "by-name", "port"));
        // tags: only tag names count, and only the first vault (prod) is searched, so staging's tagged "api" is not read
        Assert.True(c.ReadyStatus("default", "by-tag") == "True", c.ReadyMessage("default", "by-tag"));
        Assert.Equal(["password", "port", "username"], c.TargetSecret("default", "by-tag")!["data"]!.AsObject().Select(kv => kv.Key).Order());
        Assert.True(c.ReadyStatus("default", "by-path") == "True", c.ReadyMessage("default", "by-path"));
        Assert.Equal("api-pw", c.Value("default", "by-path", "password"));
        Assert.Equal("k-1", c.Value("default", "by-path", "credential"));
    }

    [Fact]
    public async Task Onepassword_missing_and_ambiguous_items_and_fields_fail_with_esos_messages()
    {
        await using var connect = await ConnectAsync();
        connect.AddItem("prod", "dup", fields: [("password", "a", null)]);
        connect.AddItem("prod", "dup", fields: [("password", "b", null)]);
        connect.AddItem("prod", "twice", fields: [("token", "a", null), ("token", "b", "other")]);
        await using var c = await StartAsync();
        c.Secret("default", "op-token", new Dictionary<string, string> { ["token"] = connect.Token });
        c.Store("default", "op", Store(connect));
        c.ExternalSecret("default", "missing", Spec("op", data: [("v", "nope", null)]));
        c.ExternalSecret("default", "dup", Spec("op", data: [("v", "dup", null)]));
        c.ExternalSecret("default", "twice", Spec("op", data: [("v", "twice", "token")]));
        c.ExternalSecret("default", "no-field", Spec("op", data: [("v", "db", "nosuch")]));
        c.ExternalSecret("default", "no-file", Spec("op", data: [("v", "tls", "nosuch.pem")]));

        await c.PassAsync();

        Assert.Contains("key not found in 1Password Vaults: nope in: map[prod:1 staging:2]", c.ReadyMessage("default", "missing"), StringComparison.Ordinal);
        Assert.Contains("expected one 1Password Item matching: 'dup', got 2", c.ReadyMessage("default", "dup"), StringComparison.Ordinal);
        Assert.Contains("expected one 1Password ItemField matching: 'token' in 'twice', got 2", c.ReadyMessage("default", "twice"), StringComparison.Ordinal);
        Assert.Contains("expected one 1Password ItemField matching: 'nosuch' in 'db', got 0", c.ReadyMessage("default", "no-field"), StringComparison.Ordinal);
        Assert.Contains("error finding 1Password Document: 'tls', 'nosuch.pem'", c.ReadyMessage("default", "no-file"), StringComparison.Ordinal);
        foreach (var name in new[] { "missing", "dup", "twice", "no-field", "no-file" })
        {
            Assert.Equal("False", c.ReadyStatus("default", name));
            Assert.Null(c.TargetSecret("default", name));
        }
    }

    [Fact]
    public async Task Onepassword_refused_token_unknown_vault_and_invalid_stores_fail_without_echoing_the_token()
    {
        await using var connect = await ConnectAsync();
        await using var c = await StartAsync();
        c.Secret("default", "op-token", new Dictionary<string, string> { ["token"] = "not-the-connect-token" });
        c.Store("default", "refused", Store(connect));
        c.Secret("default", "good-token", new Dictionary<string, string> { ["token"] = connect.Token });
        var unknownVault = Store(connect);
        unknownVault["onepassword"]!["vaults"] = new JsonObject { ["missing"] = 1 };
        unknownVault["onepassword"]!["auth"]!["secretRef"]!["connectTokenSecretRef"]!["name"] = "good-token";
        c.Store("default", "unknown-vault", unknownVault);
        var sameOrder = Store(connect);
        sameOrder["onepassword"]!["vaults"] = new JsonObject { ["prod"] = 1, ["staging"] = 1 };
        c.Store("default", "same-order", sameOrder);
        var noVaults = Store(connect);
        noVaults["onepassword"]!["vaults"] = new JsonObject();
        c.Store("default", "no-vaults", noVaults);
        c.Store("default", "metadata", Store(connect, "http://169.254.169.254"));
        foreach (var store in new[] { "refused", "unknown-vault", "same-order", "no-vaults", "metadata" })
        {
            c.ExternalSecret("default", store, Spec(store, data: [("v", "db", null)]));
        }
        var good = Store(connect);
        good["onepassword"]!["auth"]!["secretRef"]!["connectTokenSecretRef"]!["name"] = "good-token";
        c.Store("default", "good", good);
        var versioned = Spec("good", data: [("v", "db", null)]);
        versioned["data"]![0]!["remoteRef"]!["version"] = "3";
        c.ExternalSecret("default", "versioned", versioned);

        await c.PassAsync();

        Assert.Contains("error finding 1Password Vault: status 401: Invalid token signature", c.ReadyMessage("default", "refused"), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-connect-token", c.ReadyMessage("default", "refused"), StringComparison.Ordinal);
        Assert.Contains("error finding 1Password Vault: Found 0 vaults with title \"missing\"", c.ReadyMessage("default", "unknown-vault"), StringComparison.Ordinal);
        Assert.Contains("received invalid 1Password SecretStore resource: vault order numbers must be unique", c.ReadyMessage("default", "same-order"), StringComparison.Ordinal);
        Assert.Contains("received invalid 1Password SecretStore resource: must be at least one vault: spec.provider.onepassword.vaults",
            c.ReadyMessage("default", "no-vaults"), StringComparison.Ordinal);
        Assert.Contains("link-local address (instance metadata)", c.ReadyMessage("default", "metadata"), StringComparison.Ordinal);
        Assert.Contains("'remoteRef.version' is not implemented in the 1Password provider", c.ReadyMessage("default", "versioned"), StringComparison.Ordinal);
        foreach (var name in new[] { "refused", "unknown-vault", "same-order", "no-vaults", "metadata", "versioned" }) Assert.Null(c.TargetSecret("default", name));
    }
}
