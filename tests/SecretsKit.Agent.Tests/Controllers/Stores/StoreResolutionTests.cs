using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.Stores;

public sealed class StoreResolutionTests
{
    private static string Message(AgentCluster c, string ns, string name) => c.ReadyCondition(ns, name)!["message"]!.GetValue<string>();

    [Fact]
    public async Task Namespaced_store_serves_only_its_own_namespace()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Store("team-a", "store", FakeProvider(("k", "v")));
        c.ExternalSecret("team-a", "ok", Spec("store", data: [("k", "k", null)]));
        c.ExternalSecret("team-b", "steal", Spec("store", data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Equal("v", c.Value("team-a", "ok", "k"));
        Assert.Null(c.TargetSecret("team-b", "steal"));
        Assert.Contains("SecretStore team-b/store not found", Message(c, "team-b", "steal"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_store_conditions_admit_by_label_name_and_regex_and_deny_others()
    {
        await using var c = await StartAsync();
        c.Namespace("labelled", new Dictionary<string, string> { ["secrets"] = "yes" });
        c.Namespace("listed");
        c.Namespace("prod-eu");
        c.Namespace("denied");
        c.Store(null, "shared", FakeProvider(("k", "v")), conditions: new JsonArray(
            new JsonObject { ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["secrets"] = "yes" } } },
            new JsonObject { ["namespaces"] = new JsonArray("listed") },
            new JsonObject { ["namespaceRegexes"] = new JsonArray("^prod-") }));
        foreach (var ns in new[] { "labelled", "listed", "prod-eu", "denied" })
        {
            c.ExternalSecret(ns, "es", Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]));
        }

        await c.PassAsync();

        Assert.Equal("v", c.Value("labelled", "es", "k"));
        Assert.Equal("v", c.Value("listed", "es", "k"));
        Assert.Equal("v", c.Value("prod-eu", "es", "k"));
        Assert.Null(c.TargetSecret("denied", "es"));
        Assert.Contains("does not allow namespace 'denied'", Message(c, "denied", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stores_of_another_controller_class_are_not_claimed()
    {
        await using var c = await StartAsync();
        c.Store("default", "eso", FakeProvider(("k", "v")), controller: "external-secrets");
        c.Store("default", "ours", FakeProvider(("k", "v")), controller: "secretskit");
        c.ExternalSecret("default", "a", Spec("eso", data: [("k", "k", null)]));
        c.ExternalSecret("default", "b", Spec("ours", data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "a"));
        Assert.Null(c.ReadyCondition("default", "a")); // the other controller's object: skipped silently, as ESO does
        Assert.Equal("v", c.Value("default", "b", "k"));
        Assert.Null(c.Server.TryGet(FakeResourceType.SecretStore, "default", "eso")!["status"]);
    }

    [Fact]
    public async Task Store_without_controller_is_claimed_by_default_as_eso_does()
    {
        await using var c = await StartAsync();
        c.Store("default", "plain", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("plain", data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Equal("v", c.Value("default", "es", "k"));
        Assert.Equal("True", c.ReadyCondition("default", "plain", "secretstores")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Beside_eso_only_stores_of_this_class_are_claimed_and_stores_without_controller_are_left_alone()
    {
        await using var c = await StartAsync(new AgentOptions { ClaimStoresWithoutController = false });
        c.Store("default", "plain", FakeProvider(("k", "v")));
        c.Store(null, "plain-cluster", FakeProvider(("k", "v")));
        c.Store("default", "eso", FakeProvider(("k", "v")), controller: "external-secrets");
        c.Store("default", "ours", FakeProvider(("k", "v")), controller: "secretskit");
        c.ExternalSecret("default", "a", Spec("plain", data: [("k", "k", null)]));
        c.ExternalSecret("default", "b", Spec("plain-cluster", "ClusterSecretStore", data: [("k", "k", null)]));
        c.ExternalSecret("default", "c", Spec("eso", data: [("k", "k", null)]));
        c.ExternalSecret("default", "d", Spec("ours", data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "a"));
        Assert.Null(c.TargetSecret("default", "b"));
        Assert.Null(c.TargetSecret("default", "c"));
        Assert.Equal("v", c.Value("default", "d", "k"));
        // ExternalSecrets on stores the agent does not claim are ESO's: no status is written to them at all
        Assert.Null(c.ReadyCondition("default", "a"));
        Assert.Null(c.ReadyCondition("default", "b"));
        Assert.Null(c.ReadyCondition("default", "c"));
        // a store the agent does not claim keeps the status its own controller writes: the agent writes none
        Assert.Null(c.Server.TryGet(FakeResourceType.SecretStore, "default", "plain")!["status"]);
        Assert.Null(c.Server.TryGet(FakeResourceType.ClusterSecretStore, null, "plain-cluster")!["status"]);
        Assert.Equal("True", c.ReadyCondition("default", "ours", "secretstores")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unsupported_provider_field_is_accepted_and_reported_by_name()
    {
        await using var c = await StartAsync();
        c.Store("default", "vault", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = "http://127.0.0.1:1",
                ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "t", ["key"] = "token" } },
                ["forwardInconsistent"] = true, // ESO v2.9's Vault field the agent does not implement yet
            },
        });
        c.Store("default", "gcp", new JsonObject { ["doppler"] = new JsonObject { ["project"] = "p" } });
        c.ExternalSecret("default", "es", Spec("vault", data: [("k", "k", null)]));

        await c.PassAsync();

        var vault = c.ReadyCondition("default", "vault", "secretstores")!;
        Assert.Equal("False", vault["status"]!.GetValue<string>());
        Assert.Equal("UnsupportedField", vault["reason"]!.GetValue<string>());
        Assert.Contains("spec.provider.vault.forwardInconsistent", vault["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("spec.provider.doppler", c.ReadyCondition("default", "gcp", "secretstores")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("spec.provider.vault.forwardInconsistent", Message(c, "default", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_scoped_to_one_namespace_leaves_other_namespaces_alone()
    {
        await using var c = await StartAsync(new AgentOptions { Namespace = "team-a" });
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Store("team-a", "s", FakeProvider(("k", "v")));
        c.Store("team-b", "s", FakeProvider(("k", "v")));
        c.ExternalSecret("team-a", "es", Spec("s", data: [("k", "k", null)]));
        c.ExternalSecret("team-b", "es", Spec("s", data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Equal("v", c.Value("team-a", "es", "k"));
        Assert.Null(c.TargetSecret("team-b", "es"));
        Assert.Null(c.ReadyCondition("team-b", "es"));
    }
}
