using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers;

/// <summary>
/// Whatever a reconcile raises (a malformed spec, an exception no reconciler expects) ends in a Ready=False condition on
/// that object, whatever its kind, and the agent goes on to the other objects. The malformed objects are written under
/// an earlier, looser CRD (<see cref="FakeKubeApiServer.UnderEarlierSchema"/>): the chart's schemas refuse them now, but
/// a cluster keeps what an older schema let in.
/// </summary>
public sealed class FailureConditionTests
{
    /// <summary>A Vault store whose <c>server</c> is no URL: building its client throws the runtime's UriFormatException.</summary>
    private static JsonObject BrokenVault() => new()
    {
        ["vault"] = new JsonObject
        {
            ["server"] = "not a url", ["path"] = "secret", ["version"] = "v2",
            ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
        },
    };

    private static JsonObject PushSecret(string name, string store, JsonNode selector) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1alpha1",
        ["kind"] = "PushSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = store, ["kind"] = "SecretStore" }),
            ["selector"] = selector,
            ["data"] = new JsonArray(new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["remoteKey"] = "r" } } }),
        },
    };

    private static JsonObject? Ready(AgentCluster c, FakeResourceType type, string? ns, string name) =>
        c.Server.TryGet(type, ns, name)?["status"]?["conditions"]?[0] as JsonObject;

    private static void AssertNotReady(JsonObject? condition, string message)
    {
        Assert.NotNull(condition);
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal(message, condition["message"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> MalformedExternalSecrets => new()
    {
        { "target", "\"x\"", "field spec.target must be an object" },
        { "data", "\"x\"", "field spec.data must be a list" },
        { "data", "[\"x\"]", "field spec.data[] must be an object" },
        { "data", """[{"secretKey": "k", "remoteRef": {"key": "k"}, "sourceRef": "x"}]""", "field spec.data[0] has the wrong type (it does not match the schema)" },
        { "dataFrom", """[{"find": {"name": "x"}}]""", "field spec.dataFrom[0] has the wrong type (it does not match the schema)" },
        { "refreshInterval", "[]", "field spec.refreshInterval must be a string" },
    };

    [Theory]
    [MemberData(nameof(MalformedExternalSecrets))]
    public async Task A_malformed_external_secret_gets_a_condition_naming_the_field_and_the_others_still_sync(string field, string json, string message)
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "v")));
        var spec = Spec("store", data: [("k", "k", null)]);
        spec[field] = JsonNode.Parse(json);
        using (c.Server.UnderEarlierSchema()) c.ExternalSecret("default", "a-bad", spec);
        c.ExternalSecret("default", "b-good", Spec("store", data: [("k", "k", null)]));

        await c.PassAsync();

        AssertNotReady(c.ReadyCondition("default", "a-bad"), message);
        Assert.Null(c.TargetSecret("default", "a-bad"));
        Assert.Equal("v", c.Value("default", "b-good", "k"));
    }

    [Fact]
    public async Task While_watching_a_malformed_external_secret_is_reported_on_itself_and_later_ones_still_sync()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "store", FakeProvider(("k", "v")));
        await using var running = await c.WatchAsync();

        var bad = Spec("store", data: [("k", "k", null)]);
        bad["target"] = "x";
        using (c.Server.UnderEarlierSchema()) c.ExternalSecret("default", "bad", bad);
        await Poll.UntilAsync(() => c.ReadyStatus("default", "bad") == "False", "the malformed ExternalSecret gets Ready=False");
        Assert.Equal("field spec.target must be an object", c.ReadyMessage("default", "bad"));

        c.ExternalSecret("default", "good", Spec("store", data: [("k", "k", null)]));
        await Poll.UntilAsync(() => c.Value("default", "good", "k") == "v", "a later ExternalSecret is synced");
    }

    [Fact]
    public async Task A_store_whose_client_throws_an_unexpected_exception_is_reported_on_the_store_and_on_its_external_secret()
    {
        await using var c = await StartAsync();
        c.Store("default", "broken", BrokenVault());
        c.Store("default", "fine", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "a-on-broken", Spec("broken", data: [("k", "k", null)]));
        c.ExternalSecret("default", "b-on-fine", Spec("fine", data: [("k", "k", null)]));

        await c.PassAsync();

        AssertNotReady(Ready(c, FakeResourceType.SecretStore, "default", "broken"), "internal error (UriFormatException)");
        Assert.Equal("True", Ready(c, FakeResourceType.SecretStore, "default", "fine")!["status"]!.GetValue<string>());
        AssertNotReady(c.ReadyCondition("default", "a-on-broken"), "internal error (UriFormatException)");
        Assert.Equal("v", c.Value("default", "b-on-fine", "k"));
    }

    [Fact]
    public async Task A_push_secret_whose_store_throws_or_whose_spec_is_malformed_gets_a_condition_and_the_pass_goes_on()
    {
        await using var c = await StartAsync();
        c.Store("default", "broken", BrokenVault());
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "v" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("a-store", "broken", new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } }));
        var entry = PushSecret("c-entry", "broken", new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } });
        entry["spec"]!["data"]![0]!["match"]!["remoteRef"] = "r";
        using (c.Server.UnderEarlierSchema())
        {
            c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("b-shape", "broken", "source"));
            c.Server.Create(FakeResourceType.PushSecret, "default", entry);
        }

        await c.PassAsync();

        AssertNotReady(Ready(c, FakeResourceType.PushSecret, "default", "a-store"), "internal error (UriFormatException)");
        AssertNotReady(Ready(c, FakeResourceType.PushSecret, "default", "b-shape"), "field spec.selector must be an object");
        AssertNotReady(Ready(c, FakeResourceType.PushSecret, "default", "c-entry"), "field spec.data[0].match has the wrong type (it does not match the schema)");
    }

    [Fact]
    public async Task A_sops_secret_with_a_malformed_spec_is_reported_on_itself_and_the_others_still_decrypt()
    {
        await using var c = await StartAsync();
        var key = NewKey();
        c.KeySecret("default", key.KeysFileText);
        var document = Encrypt("namespaces: [default]\nstringData:\n    A: x-secret-1\n", key.Recipient);
        var bad = Spec(document);
        bad["decryption"] = "sops-age-key";
        using (c.Server.UnderEarlierSchema()) c.SopsSecret("default", "a-bad", bad);
        c.SopsSecret("default", "b-good", Spec(document));

        await c.PassAsync();

        AssertNotReady(c.SopsReady("default", "a-bad"), "field spec.decryption must be an object");
        Assert.Null(c.TargetSecret("default", "a-bad"));
        Assert.Equal("True", c.SopsReady("default", "b-good")!["status"]!.GetValue<string>());

        // watched: the same object gets its condition from the watch-driven reconcile too, and a new one decrypts
        await using var running = await c.WatchAsync();
        using (c.Server.UnderEarlierSchema())
        {
            c.UpdateSopsSecret("default", "a-bad", spec =>
            {
                spec["decryption"] = Spec(document)["decryption"]!.DeepClone();
                spec["target"] = "x";
            });
        }
        await Poll.UntilAsync(() => c.Message("default", "a-bad") == "field spec.target must be an object", "the new malformed generation is reported");
        c.SopsSecret("default", "c-later", Spec(document));
        await Poll.UntilAsync(() => c.SopsReady("default", "c-later")?["status"]?.GetValue<string>() == "True", "a later SopsSecret decrypts");
    }

    [Theory]
    [InlineData("externalSecretMetadata", "\"x\"", "field spec.externalSecretMetadata must be an object")]
    [InlineData("namespaces", "[{}]", "field spec.namespaces[] must be a string")]
    [InlineData("namespaceSelectors", """[{"matchExpressions": [{"key": "a", "operator": "Bogus"}]}]""", null)]
    public async Task A_malformed_cluster_external_secret_gets_a_condition_and_the_others_still_provision(string field, string json, string? message)
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Store(null, "shared", FakeProvider(("k", "v")));
        var type = c.Server.Types.Single(t => t.Kind == "ClusterExternalSecret" && t.Version == "v1");
        JsonObject Ces(string name, string esName)
        {
            var spec = new JsonObject
            {
                ["externalSecretName"] = esName,
                ["namespaces"] = new JsonArray("team-a"),
                ["externalSecretSpec"] = Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]),
            };
            return new JsonObject { ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "ClusterExternalSecret", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
        }
        var bad = Ces("a-bad", "from-bad");
        bad["spec"]![field] = JsonNode.Parse(json);
        using (c.Server.UnderEarlierSchema()) c.Server.Create(type, null, bad);
        c.Server.Create(type, null, Ces("b-good", "from-good"));

        await c.PassAsync();

        var condition = Ready(c, type, null, "a-bad");
        Assert.Equal("False", condition?["status"]?.GetValue<string>());
        Assert.Equal("InvalidSpec", condition!["reason"]!.GetValue<string>());
        if (message is not null) Assert.Equal(message, condition["message"]!.GetValue<string>());
        else Assert.Contains("Bogus", condition["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "team-a", "from-bad"));
        Assert.Equal("v", c.Value("team-a", "from-good", "k"));
    }
}
