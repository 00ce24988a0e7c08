using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>
/// <c>metadataPolicy: Fetch</c> through the Kubernetes API fake with the chart's CRDs and the Vault fake, as ESO v2.9's
/// vault provider reads it: KV v2 <c>GET mount/metadata/path</c>, the system keys <c>created_time</c>,
/// <c>current_version</c>, <c>delete_version_after</c> and the custom metadata, as one JSON object.
/// </summary>
public sealed class MetadataPolicyTests
{
    private static JsonObject Ref(string key, string? property = null)
    {
        var r = new JsonObject { ["key"] = key, ["metadataPolicy"] = "Fetch" };
        if (property is not null) r["property"] = property;
        return r;
    }

    [Fact]
    public async Task Vault_kv2_custom_metadata_is_read_by_property_and_whole_and_extracted_into_keys()
    {
        await using var c = await StartAsync();
        await using var vault = await FakeVaultServer.StartAsync(time: new ManualTimeProvider());
        c.VaultStore(vault);
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["password"] = "not-this" });
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["password"] = "nor-this" });
        vault.Kv2SetCustomMetadata("secret", "app", new Dictionary<string, string> { ["owner"] = "team-a", ["link"] = "<a&b>" });
        var spec = Spec("vault");
        spec["data"] = new JsonArray(
            new JsonObject { ["secretKey"] = "owner", ["remoteRef"] = Ref("app", "owner") },
            new JsonObject { ["secretKey"] = "all", ["remoteRef"] = Ref("app") });
        spec["dataFrom"] = new JsonArray(new JsonObject { ["extract"] = Ref("app") });
        c.ExternalSecret("default", "meta", spec);

        await c.PassAsync();

        Assert.Equal("True", c.ReadyStatus("default", "meta"));
        Assert.Equal("team-a", c.Value("default", "meta", "owner"));
        Assert.Equal("""{"created_time":"2026-01-01T00:00:00Z","current_version":"2","delete_version_after":"0s","link":"\u003ca\u0026b\u003e","owner":"team-a"}""",
            c.Value("default", "meta", "all"));
        Assert.Equal("2", c.Value("default", "meta", "current_version"));
        Assert.Equal("<a&b>", c.Value("default", "meta", "link"));
        Assert.Null(c.Value("default", "meta", "password"));
    }

    [Fact]
    public async Task Vault_kv1_refuses_metadata_fetch_with_esos_error()
    {
        await using var c = await StartAsync();
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableKv("kv1", 1);
        vault.Kv1Put("kv1", "app", new Dictionary<string, string> { ["password"] = "p" });
        c.VaultStore(vault, mount: "kv1", version: "v1");
        var spec = Spec("vault");
        spec["data"] = new JsonArray(new JsonObject { ["secretKey"] = "k", ["remoteRef"] = Ref("app") });
        c.ExternalSecret("default", "meta", spec);

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "meta"));
        Assert.Contains("cannot perform metadata fetch operations with kv version v1", c.ReadyMessage("default", "meta"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_without_metadata_reports_that_it_cannot_fetch_it_instead_of_returning_the_value()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("app", "value")));
        var spec = Spec("fake");
        spec["data"] = new JsonArray(new JsonObject { ["secretKey"] = "k", ["remoteRef"] = Ref("app") });
        c.ExternalSecret("default", "meta", spec);

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "meta"));
        Assert.Equal("metadataPolicy Fetch is not supported by the fake provider (remote key 'app')", c.ReadyMessage("default", "meta"));
        Assert.Null(c.TargetSecret("default", "meta"));
    }
}
