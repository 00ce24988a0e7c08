using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// ESO's value rules through the agent, one copy for every provider (<c>Cloud/Providers/ProviderValues</c>): the same
/// JSON secret on each provider's wire fake gives the same Secret (an array index in a property path, <c>null</c> empty
/// as a property and <c>"null"</c> in an extracted map, numbers as written), and a value that is not JSON fails the sync
/// whatever the deletionPolicy, as ESO's providers do (not ESO's NoSecretErr): the Secret is kept and Ready is False.
/// </summary>
public sealed class ProviderValuesTests
{
    private const string Document = """{"db":{"hosts":[{"name":"a"},{"name":"b"}]},"none":null,"ratio":1.50,"user":"app"}""";

    private static JsonObject Sync(string store, string key, string? deletionPolicy = null, string? refresh = null)
    {
        var spec = Spec(store, refresh: refresh, data: [("host", key, "db.hosts.1.name"), ("none-property", key, "none")]);
        spec["dataFrom"] = new JsonArray(new JsonObject { ["extract"] = new JsonObject { ["key"] = key } });
        if (deletionPolicy is not null)
        {
            spec["target"] = new JsonObject
            {
                ["deletionPolicy"] = deletionPolicy, ["creationPolicy"] = deletionPolicy == "Merge" ? "Merge" : "Owner",
            };
        }
        return spec;
    }

    private static void AssertSameSecret(AgentCluster c, string name)
    {
        Assert.Equal("True", c.ReadyCondition("default", name)?["status"]?.GetValue<string>());
        Assert.Equal("b", c.Value("default", name, "host"));
        Assert.Equal("", c.Value("default", name, "none-property"));
        Assert.Equal("null", c.Value("default", name, "none"));
        Assert.Equal("app", c.Value("default", name, "user"));
        Assert.Equal("1.50", c.Value("default", name, "ratio"));
        Assert.Equal("""{"hosts":[{"name":"a"},{"name":"b"}]}""", c.Value("default", name, "db"));
    }

    [Theory]
    [InlineData(ProviderKind.Vault)]
    [InlineData(ProviderKind.AwsSecretsManager)]
    [InlineData(ProviderKind.AwsParameterStore)]
    [InlineData(ProviderKind.AzureKeyVault)]
    public async Task The_same_JSON_secret_gives_the_same_Secret_on_every_network_provider(ProviderKind kind)
    {
        await using var h = await ProviderHarness.StartAsync(kind);
        h.PutDocument(Document);
        h.Cluster.ExternalSecret("default", "es", Sync("store", h.RemoteKey));

        await h.Cluster.PassAsync();

        AssertSameSecret(h.Cluster, "es");
    }

    [Fact]
    public async Task The_same_JSON_secret_gives_the_same_Secret_on_the_fake_provider()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("doc", Document)));
        c.ExternalSecret("default", "es", Sync("fake", "doc"));

        await c.PassAsync();

        AssertSameSecret(c, "es");
    }

    [Theory]
    [InlineData("Retain")]
    [InlineData("Delete")]
    [InlineData("Merge")]
    public async Task A_value_that_is_not_JSON_fails_the_sync_and_keeps_the_Secret_whatever_the_deletion_policy(string policy)
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("doc", Document)));
        if (policy == "Merge") c.Secret("default", "es", new Dictionary<string, string> { ["mine"] = "kept" });
        c.ExternalSecret("default", "es", Sync("fake", "doc", policy, refresh: "1m"));
        await c.PassAsync();
        Assert.Equal("b", c.Value("default", "es", "host"));

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"]!["provider"] = FakeProvider(("doc", "not json at all"));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        var ready = c.ReadyCondition("default", "es")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Equal("SecretSyncedError", ready["reason"]!.GetValue<string>());
        Assert.Contains("secret 'doc' is not JSON", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("not json at all", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("b", c.Value("default", "es", "host")); // neither deleted nor emptied
        if (policy == "Merge") Assert.Equal("kept", c.Value("default", "es", "mine"));
    }

    [Fact]
    public async Task A_secret_the_provider_no_longer_has_still_follows_the_deletion_policy()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("doc", Document)));
        c.ExternalSecret("default", "es", Sync("fake", "doc", "Delete", refresh: "1m"));
        await c.PassAsync();
        Assert.NotNull(c.TargetSecret("default", "es"));

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"]!["provider"] = FakeProvider(("other", "x"));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "es"));
        Assert.Equal("SecretDeleted", c.ReadyCondition("default", "es")!["reason"]!.GetValue<string>());
    }
}
