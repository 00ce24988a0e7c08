using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ClusterExternalSecrets;

/// <summary>
/// The deprecated singular <c>spec.namespaceSelector</c> of a ClusterExternalSecret, kept by the chart's CRD and honoured
/// as ESO does: it is ORed with <c>namespaceSelectors</c> (and the listed <c>namespaces</c>).
/// </summary>
public sealed class ClusterExternalSecretNamespaceSelectorTests
{
    private static FakeResourceType Ces(AgentCluster c) => c.Server.Types.Single(t => t.Kind == "ClusterExternalSecret" && t.Version == "v1");

    private static JsonObject Selector(string key, string op, params string[] values) => new()
    {
        ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = key, ["operator"] = op, ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) }),
    };

    private static void Create(AgentCluster c, JsonObject selectors) =>
        c.Server.Create(Ces(c), null, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ClusterExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "app" },
            ["spec"] = new JsonObject(selectors.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())))
            {
                ["externalSecretSpec"] = Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]),
            },
        });

    [Fact]
    public async Task The_singular_namespaceSelector_selects_namespaces_alongside_namespaceSelectors()
    {
        await using var c = await StartAsync();
        c.Namespace("by-singular", new Dictionary<string, string> { ["env"] = "prod" });
        c.Namespace("by-list", new Dictionary<string, string> { ["team"] = "payments" });
        c.Namespace("neither", new Dictionary<string, string> { ["env"] = "dev" });
        c.Store(null, "shared", FakeProvider(("k", "v")));
        Create(c, new JsonObject
        {
            ["externalSecretName"] = "app-secrets",
            ["namespaceSelector"] = Selector("env", "In", "prod", "staging"),
            ["namespaceSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = "payments" } }),
        });

        await c.PassAsync();

        Assert.Empty(c.Server.UnknownFields);
        Assert.Equal("v", c.Value("by-singular", "app-secrets", "k"));
        Assert.Equal("v", c.Value("by-list", "app-secrets", "k"));
        Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "neither", "app-secrets"));
        var provisioned = c.Server.TryGet(Ces(c), null, "app")!["status"]!["provisionedNamespaces"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["by-list", "by-singular"], provisioned);
    }

    [Fact]
    public async Task An_invalid_singular_namespaceSelector_is_an_invalid_spec_and_provisions_nothing()
    {
        await using var c = await StartAsync();
        c.Namespace("prod", new Dictionary<string, string> { ["env"] = "prod" });
        c.Store(null, "shared", FakeProvider(("k", "v")));
        Create(c, new JsonObject { ["namespaceSelector"] = Selector("env", "Exists", "prod") });

        await c.PassAsync();

        var condition = c.Server.TryGet(Ces(c), null, "app")!["status"]!["conditions"]![0]!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal("InvalidSpec", condition["reason"]!.GetValue<string>());
        Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "prod", "app"));
    }
}
