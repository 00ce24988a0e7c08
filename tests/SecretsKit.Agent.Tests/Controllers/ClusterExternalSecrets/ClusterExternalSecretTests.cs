using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ClusterExternalSecrets;

public sealed class ClusterExternalSecretTests
{
    private static FakeResourceType Ces(AgentCluster c) => c.Server.Types.Single(t => t.Kind == "ClusterExternalSecret" && t.Version == "v1");

    private static void ClusterExternalSecret(AgentCluster c, string name, JsonObject spec) =>
        c.Server.Create(Ces(c), null, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ClusterExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        });

    private static JsonObject CesSpec(string refreshTime = "1h") => new()
    {
        ["externalSecretName"] = "app-secrets",
        ["externalSecretMetadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "platform" } },
        ["namespaceSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { ["secrets"] = "yes" } }),
        ["namespaces"] = new JsonArray("listed"),
        ["refreshTime"] = refreshTime,
        ["externalSecretSpec"] = Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]),
    };

    private static void Label(AgentCluster c, string ns, string? value)
    {
        var obj = c.Server.TryGet(FakeResourceType.Namespace, null, ns)!;
        var labels = new JsonObject();
        if (value is not null) labels["secrets"] = value;
        obj["metadata"]!["labels"] = labels;
        c.Server.Replace(FakeResourceType.Namespace, null, ns, obj);
    }

    private static JsonObject Status(AgentCluster c) => c.Server.TryGet(Ces(c), null, "app")!["status"]!.AsObject();

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public async Task Provisions_selected_namespaces_follows_relabelling_and_reports_a_conflicting_namespace()
    {
        await using var c = await StartAsync();
        c.Namespace("labelled", new Dictionary<string, string> { ["secrets"] = "yes" });
        c.Namespace("listed");
        c.Namespace("later");
        c.Namespace("taken", new Dictionary<string, string> { ["secrets"] = "yes" });
        c.Store(null, "shared", FakeProvider(("k", "v")));
        c.ExternalSecret("taken", "app-secrets", Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]));
        ClusterExternalSecret(c, "app", CesSpec());

        await c.PassAsync();

        Assert.Equal("v", c.Value("labelled", "app-secrets", "k"));
        Assert.Equal("v", c.Value("listed", "app-secrets", "k"));
        Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "later", "app-secrets"));
        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "labelled", "app-secrets")!;
        Assert.Equal("platform", es["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("ClusterExternalSecret", es["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(["labelled", "listed"], Strings(Status(c)["provisionedNamespaces"]));
        Assert.Equal("taken", Status(c)["failedNamespaces"]![0]!["namespace"]!.GetValue<string>());
        Assert.Equal("False", Status(c)["conditions"]![0]!["status"]!.GetValue<string>());

        Label(c, "labelled", null);
        Label(c, "later", "yes");
        await c.PassAsync();

        Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "labelled", "app-secrets"));
        Assert.Equal("v", c.Value("later", "app-secrets", "k"));
        Assert.Equal(["later", "listed"], Strings(Status(c)["provisionedNamespaces"]));
        Assert.NotNull(c.Server.TryGet(FakeResourceType.ExternalSecret, "taken", "app-secrets")); // not ours: never deleted
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task A_namespace_labelled_after_creation_gets_its_external_secret_from_the_namespace_watch_not_at_refresh_time()
    {
        await using var c = await StartAsync(Watching());
        c.Store(null, "shared", FakeProvider(("k", "v")));
        c.Namespace("listed");
        ClusterExternalSecret(c, "app", CesSpec(refreshTime: "24h"));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("listed", "app-secrets", "k") == "v", "the listed namespace is provisioned");

        c.Namespace("new-team");
        Label(c, "new-team", "yes");
        await Poll.UntilAsync(() => c.Value("new-team", "app-secrets", "k") == "v", "the relabelled namespace gets its ExternalSecret and Secret");

        Label(c, "new-team", "no");
        await Poll.UntilAsync(() => c.Server.TryGet(FakeResourceType.ExternalSecret, "new-team", "app-secrets") is null, "an unmatched namespace is cleaned up");
        await Poll.UntilAsync(() => Strings(Status(c)["provisionedNamespaces"]).SequenceEqual(["listed"]), "the status lists the provisioned namespaces");
    }
}
