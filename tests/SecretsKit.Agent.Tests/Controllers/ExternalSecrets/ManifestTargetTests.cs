using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>
/// <c>target.manifest</c> (ESO's generic targets) through the Kubernetes API fake with the chart's CRDs: a ConfigMap is
/// written as ESO's generic target writer writes one (plain data, the template's or the ExternalSecret's labels and
/// annotations, the managed label, the ownerReference under Owner); kinds the operator has not allowed are refused.
/// </summary>
public sealed class ManifestTargetTests
{
    private static JsonObject ConfigMapSpec(JsonObject? template = null, string apiVersion = "v1", string kind = "ConfigMap")
    {
        var target = new JsonObject { ["name"] = "app-config", ["manifest"] = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind } };
        if (template is not null) target["template"] = template;
        return Spec("fake", refresh: "1h", target: target, data: [("host", "db-host", null), ("port", "db-port", null)]);
    }

    private static JsonObject? ConfigMap(AgentCluster c) => c.Server.TryGet(FakeResourceType.ConfigMap, "default", "app-config");

    [Fact]
    public async Task A_config_map_target_gets_the_values_as_plain_data_the_external_secrets_labels_and_an_owner_reference_and_no_secret()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("db-host", "db.internal"), ("db-port", "5432")));
        var es = c.ExternalSecret("default", "cfg", ConfigMapSpec());
        es["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "cfg", es);

        await c.PassAsync();

        Assert.Equal("True", c.ReadyStatus("default", "cfg"));
        var cm = ConfigMap(c)!;
        Assert.Equal("""{"host":"db.internal","port":"5432"}""", cm["data"]!.ToJsonString());
        Assert.Equal("a", cm["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("true", cm["metadata"]!["labels"]!["reconcile.external-secrets.io/managed"]!.GetValue<string>());
        var owner = cm["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("ExternalSecret", owner["kind"]!.GetValue<string>());
        Assert.Equal("cfg", owner["name"]!.GetValue<string>());
        Assert.Null(c.TargetSecret("default", "app-config"));
        Assert.Null(c.TargetSecret("default", "cfg"));
    }

    [Fact]
    public async Task A_templated_config_map_target_holds_the_rendered_data_and_the_templates_labels_and_follows_the_provider()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("db-host", "db.internal"), ("db-port", "5432")));
        c.ExternalSecret("default", "cfg", ConfigMapSpec(new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
            ["data"] = new JsonObject { ["url"] = "postgres://{{ .host }}:{{ .port }}/app" },
        }));

        await c.PassAsync();

        var cm = ConfigMap(c)!;
        Assert.Equal("""{"url":"postgres://db.internal:5432/app"}""", cm["data"]!.ToJsonString());
        Assert.Equal("web", cm["metadata"]!["labels"]!["app"]!.GetValue<string>());

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"] = new JsonObject { ["provider"] = FakeProvider(("db-host", "db2.internal"), ("db-port", "5433")) };
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
        c.Time.Advance(TimeSpan.FromHours(1));
        await c.PassAsync();
        Assert.Equal("""{"url":"postgres://db2.internal:5433/app"}""", ConfigMap(c)!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Merge_writes_its_keys_into_an_existing_config_map_and_keeps_the_others()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("db-host", "db.internal"), ("db-port", "5432")));
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "app-config", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["keep"] = "me", ["host"] = "old" },
        });
        var spec = ConfigMapSpec();
        spec["target"]!["creationPolicy"] = "Merge";
        c.ExternalSecret("default", "cfg", spec);

        await c.PassAsync();

        var data = ConfigMap(c)!["data"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "me", ["host"] = "db.internal", ["port"] = "5432" }, data);
        Assert.Null(ConfigMap(c)!["metadata"]!["ownerReferences"]);
    }

    [Theory]
    [InlineData("argoproj.io/v1alpha1", "Application", "generic target argoproj.io/v1alpha1 Application is not allowed: this agent writes only Secrets and v1 ConfigMap (--generic-targets)")]
    [InlineData("v2", "ConfigMap", "generic target v2 ConfigMap is not allowed: this agent writes only Secrets and v1 ConfigMap (--generic-targets)")]
    public async Task A_kind_the_operator_has_not_allowed_is_refused_before_anything_is_fetched(string apiVersion, string kind, string message)
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("db-host", "h"), ("db-port", "1")));
        c.ExternalSecret("default", "cfg", ConfigMapSpec(apiVersion: apiVersion, kind: kind));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "cfg"));
        Assert.Equal(message, c.ReadyMessage("default", "cfg"));
        Assert.Equal(0, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task An_agent_without_generic_targets_refuses_a_config_map_and_a_v1_secret_manifest_is_a_plain_secret()
    {
        await using var c = await StartAsync(new AgentOptions { GenericTargets = [] });
        c.Store("default", "fake", FakeProvider(("db-host", "h"), ("db-port", "1")));
        c.ExternalSecret("default", "cfg", ConfigMapSpec());
        c.ExternalSecret("default", "sec", ConfigMapSpec(kind: "Secret"));

        await c.PassAsync();

        Assert.Equal("generic target v1 ConfigMap is not allowed: this agent writes only Secrets (--generic-targets is empty)", c.ReadyMessage("default", "cfg"));
        Assert.Null(ConfigMap(c));
        Assert.Equal("True", c.ReadyStatus("default", "sec"));
        Assert.Equal("h", c.Value("default", "app-config", "host"));
    }
}
