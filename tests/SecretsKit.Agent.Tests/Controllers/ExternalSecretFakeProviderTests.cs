using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers;

public sealed class ExternalSecretFakeProviderTests
{
    [Fact]
    public async Task Fake_provider_secret_is_created_with_owner_reference_property_and_ready_status()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("db", """{"user":"admin","password":"pw1"}"""), ("token", "t0k")));
        c.ExternalSecret("default", "app", Spec("fake", data: [("password", "db", "password"), ("token", "token", null)]));

        await c.PassAsync();

        Assert.Equal("pw1", c.Value("default", "app", "password"));
        Assert.Equal("t0k", c.Value("default", "app", "token"));
        var owner = c.TargetSecret("default", "app")!["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("ExternalSecret", owner["kind"]!.GetValue<string>());
        var ready = c.ReadyCondition("default", "app")!;
        Assert.Equal("True", ready["status"]!.GetValue<string>());
        Assert.Equal("SecretSynced", ready["reason"]!.GetValue<string>());
        Assert.Equal("app", c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "app")!["status"]!["binding"]!["name"]!.GetValue<string>());
        Assert.Contains("externalsecret_sync_calls_total{name=\"app\",namespace=\"default\"} 1", c.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataFrom_extract_and_find_with_rewrite_and_base64_decoding()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("cfg", """{"a":"1","b":"2"}"""), ("app/x", "eA=="), ("app/y", "eQ=="), ("other", "z")));
        c.ExternalSecret("default", "es", new JsonObject
        {
            ["secretStoreRef"] = new JsonObject { ["name"] = "fake" },
            ["dataFrom"] = new JsonArray(
                new JsonObject { ["extract"] = new JsonObject { ["key"] = "cfg" } },
                new JsonObject
                {
                    ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = "^app/" }, ["decodingStrategy"] = "Base64" },
                    // as ESO: the rewrite sees the provider's names (app/x); they are converted (app_x) only without a rewrite
                    ["rewrite"] = new JsonArray(new JsonObject { ["regexp"] = new JsonObject { ["source"] = "app/(.*)", ["target"] = "k-$1" } }),
                }),
        });

        await c.PassAsync();

        Assert.Equal("1", c.Value("default", "es", "a"));
        Assert.Equal("2", c.Value("default", "es", "b"));
        Assert.Equal("x", c.Value("default", "es", "k-x"));
        Assert.Equal("y", c.Value("default", "es", "k-y"));
        Assert.Null(c.Value("default", "es", "other"));
    }

    [Fact]
    public async Task Template_renders_type_labels_and_data_with_functions()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("db", """{"user":"admin","password":"pw"}"""), ("enc", "aGVsbG8=")));
        c.ExternalSecret("default", "es", Spec("fake", target: new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["type"] = "kubernetes.io/basic-auth",
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "{{ .user | upper }}" } },
                ["data"] = new JsonObject
                {
                    ["dsn"] = """{{ printf "postgres://%s:%s@db" .user (index . "password") }}""",
                    ["plain"] = "{{ .enc | b64dec | quote }}",
                    ["fallback"] = """{{ index . "missing" | default "none" | trim }}""",
                    ["json"] = """{{ (.raw | fromJson).user }}""".Replace("(.raw | fromJson).user", "index (.raw | fromJson) \"user\"", StringComparison.Ordinal),
                    ["yaml"] = """{{ .raw | fromJson | toYaml }}""",
                },
            },
        }, data: [("user", "db", "user"), ("password", "db", "password"), ("enc", "enc", null), ("raw", "db", null)]));

        await c.PassAsync();

        var secret = c.TargetSecret("default", "es")!;
        Assert.Equal("kubernetes.io/basic-auth", secret["type"]!.GetValue<string>());
        Assert.Equal("ADMIN", secret["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("postgres://admin:pw@db", c.Value("default", "es", "dsn"));
        Assert.Equal("\"hello\"", c.Value("default", "es", "plain"));
        Assert.Equal("none", c.Value("default", "es", "fallback"));
        Assert.Equal("admin", c.Value("default", "es", "json"));
        Assert.Equal("password: pw\nuser: admin", c.Value("default", "es", "yaml"));
        Assert.Null(c.Value("default", "es", "user")); // template data replaces fetched data
    }

    [Theory]
    [InlineData("{{ .k | nope }}", "function \"nope\" not defined")]
    [InlineData("{{ .k | env }}", "function \"env\" not defined")]
    [InlineData("{{ .missing }}", "map has no entry for key \"missing\"")]
    public async Task A_template_ESO_rejects_is_reported_in_the_condition_and_no_secret_is_written(string template, string message)
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", target: new JsonObject
        {
            ["template"] = new JsonObject { ["data"] = new JsonObject { ["x"] = template } },
        }, data: [("k", "k", null)]));

        await c.PassAsync();

        var ready = c.ReadyCondition("default", "es")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Equal("SecretSyncedError", ready["reason"]!.GetValue<string>());
        Assert.Contains(message, ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "es"));
    }

    [Fact]
    public async Task Creation_policies_orphan_merge_and_none()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.Secret("default", "existing", new Dictionary<string, string> { ["keep"] = "me" });
        c.ExternalSecret("default", "orphan", Spec("fake", target: new JsonObject { ["creationPolicy"] = "Orphan" }, data: [("k", "k", null)]));
        c.ExternalSecret("default", "merge", Spec("fake", target: new JsonObject { ["name"] = "existing", ["creationPolicy"] = "Merge" }, data: [("k", "k", null)]));
        c.ExternalSecret("default", "merge-missing", Spec("fake", target: new JsonObject { ["creationPolicy"] = "Merge" }, data: [("k", "k", null)]));
        c.ExternalSecret("default", "none", Spec("fake", target: new JsonObject { ["creationPolicy"] = "None" }, data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Equal("v", c.Value("default", "orphan", "k"));
        Assert.Null(c.TargetSecret("default", "orphan")!["metadata"]!["ownerReferences"]);
        Assert.Equal("v", c.Value("default", "existing", "k"));
        Assert.Equal("me", c.Value("default", "existing", "keep"));
        Assert.Null(c.TargetSecret("default", "merge-missing"));
        Assert.Equal("False", c.ReadyCondition("default", "merge-missing")!["status"]!.GetValue<string>());
        Assert.Null(c.TargetSecret("default", "none"));
        Assert.Equal("True", c.ReadyCondition("default", "none")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deletion_policy_delete_removes_the_secret_when_the_provider_no_longer_has_it_and_retain_keeps_it()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "del", Spec("fake", refresh: "1m", target: new JsonObject { ["deletionPolicy"] = "Delete" }, data: [("k", "k", null)]));
        c.ExternalSecret("default", "ret", Spec("fake", refresh: "1m", data: [("k", "k", null)]));
        await c.PassAsync();
        Assert.NotNull(c.TargetSecret("default", "del"));

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"]!["provider"] = FakeProvider(("other", "x"));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "del"));
        Assert.Equal("v", c.Value("default", "ret", "k"));
        Assert.Equal("False", c.ReadyCondition("default", "ret")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Immutable_target_is_created_immutable_and_a_changed_value_is_an_error_that_keeps_the_data()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        c.ExternalSecret("default", "es", Spec("fake", refresh: "1m", target: new JsonObject { ["immutable"] = true }, data: [("k", "k", null)]));
        await c.PassAsync();
        Assert.True(c.TargetSecret("default", "es")!["immutable"]!.GetValue<bool>());

        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"]!["provider"] = FakeProvider(("k", "v2"));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        Assert.Equal("v1", c.Value("default", "es", "k"));
        Assert.Contains("immutable", c.ReadyCondition("default", "es")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_is_repaired_from_cached_state_without_calling_the_provider()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("k", "k", null)]));
        await c.PassAsync();
        var calls = c.Providers.FakeCalls.Total;

        var secret = c.TargetSecret("default", "es")!;
        secret["data"]!["k"] = Convert.ToBase64String("tampered"u8.ToArray());
        c.Server.Replace(FakeResourceType.Secret, "default", "es", secret);
        await c.PassAsync();
        Assert.Equal("v", c.Value("default", "es", "k"));

        c.Server.Delete(FakeResourceType.Secret, "default", "es");
        await c.PassAsync();
        Assert.Equal("v", c.Value("default", "es", "k"));

        Assert.Equal(calls, c.Providers.FakeCalls.Total);
        Assert.Contains("secretskit_drift_repairs_total 2", c.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_policies_interval_zero_created_once_and_force_sync()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "periodic", Spec("fake", refresh: "10m", data: [("k", "k", null)]));
        c.ExternalSecret("default", "once", Spec("fake", refresh: "0", data: [("k2", "k", null)]));
        await c.PassAsync();
        Assert.Equal(1, c.Providers.FakeCalls.Total); // both share one fetch of "k"

        await c.PassAsync();
        Assert.Equal(1, c.Providers.FakeCalls.Total); // nothing is due yet

        c.Time.Advance(TimeSpan.FromMinutes(10)); // one interval: exactly one refresh slot of "k" begins
        await c.PassAsync();
        Assert.Equal(2, c.Providers.FakeCalls.Total); // periodic refreshed; "once" did not

        var once = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "once")!;
        once["metadata"]!["annotations"] = new JsonObject { ["force-sync"] = "1" };
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "once", once);
        await c.PassAsync();
        Assert.Equal(3, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task Thousand_external_secrets_over_hundred_keys_make_hundred_provider_calls_per_interval()
    {
        await using var c = await StartAsync(new AgentOptions { Concurrency = 8 });
        c.Store("default", "fake", FakeProvider([.. Enumerable.Range(0, 100).Select(i => ($"key-{i}", $$"""{"a":"{{i}}","b":"x"}"""))]));
        for (var i = 0; i < 1000; i++)
        {
            c.ExternalSecret("default", $"es-{i}", Spec("fake", refresh: "1h", data: [("v", $"key-{i % 100}", i % 2 == 0 ? "a" : "b")]));
        }

        await c.PassAsync();
        Assert.Equal(100, c.Providers.FakeCalls.Total);
        Assert.Equal("56", c.Value("default", "es-256", "v"));
        Assert.Equal("x", c.Value("default", "es-257", "v"));

        await c.PassAsync();
        Assert.Equal(100, c.Providers.FakeCalls.Total); // nothing is due yet

        c.Time.Advance(TimeSpan.FromHours(1)); // one interval: one refresh slot of every key begins
        await c.PassAsync();
        Assert.Equal(200, c.Providers.FakeCalls.Total);
    }
}
