using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets.Rollout;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets.Rollout;

public sealed class RolloutRestartTests
{
    private static readonly JsonObject EnvRef = Pod(containers: [new JsonObject
    {
        ["name"] = "app",
        ["env"] = new JsonArray(new JsonObject
        {
            ["name"] = "PASSWORD",
            ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "db", ["key"] = "password" } },
        }),
    }]);

    [Fact]
    public async Task A_provider_change_restarts_each_referencing_deployment_and_statefulset_once_and_no_other_workload()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        OptedInExternalSecret(c, "db", "true");
        SixWorkloads(c);

        await c.PassAsync();
        Assert.Equal("v1", c.Value("default", "db", "k"));
        Assert.Equal(0, WorkloadPatches(c));

        SetProviderValue(c, "v2");
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();
        Assert.Equal("v2", c.Value("default", "db", "k"));
        Assert.Equal(0, WorkloadPatches(c)); // the debounce window is still open

        c.Time.Advance(TimeSpan.FromSeconds(31));
        await c.PassAsync();
        await c.PassAsync();

        var restartedAt = KubeTime.Format(c.Time.GetUtcNow());
        foreach (var (type, name) in new[]
        {
            (FakeResourceType.Deployment, "env-ref"), (FakeResourceType.Deployment, "env-from"),
            (FakeResourceType.StatefulSet, "volume"), (FakeResourceType.Deployment, "projected"),
        })
        {
            Assert.Equal(restartedAt, RestartedAt(c, type, name));
            Assert.Equal(1, c.Server.CountRequests("PATCH", $"/{type.Plural}/{name}"));
        }
        Assert.Null(RestartedAt(c, FakeResourceType.Deployment, "other-secret"));
        Assert.Null(RestartedAt(c, FakeResourceType.StatefulSet, "config-map-only"));
        Assert.Equal(4, WorkloadPatches(c));
        Assert.Contains(c.Server.All(FakeResourceType.CoreEvent), e =>
            e["reason"]?.GetValue<string>() == RolloutRestarter.RestartedReason && e["involvedObject"]?["name"]?.GetValue<string>() == "volume");
    }

    /// <summary>
    /// Four workloads that use Secret <c>db</c> (env ref, init envFrom, a volume, a projected volume) and two that do not
    /// (another Secret, a ConfigMap named <c>db</c>).
    /// </summary>
    private static void SixWorkloads(AgentCluster c)
    {
        Workload(c, FakeResourceType.Deployment, "env-ref", EnvRef);
        Workload(c, FakeResourceType.Deployment, "env-from", Pod(initContainers: [new JsonObject
        {
            ["name"] = "init", ["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "db" } }),
        }]));
        Workload(c, FakeResourceType.StatefulSet, "volume", Pod(volumes: [new JsonObject
        {
            ["name"] = "creds", ["secret"] = new JsonObject { ["secretName"] = "db" },
        }]));
        Workload(c, FakeResourceType.Deployment, "projected", Pod(volumes: [new JsonObject
        {
            ["name"] = "all",
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(
                    new JsonObject { ["configMap"] = new JsonObject { ["name"] = "db" } },
                    new JsonObject { ["secret"] = new JsonObject { ["name"] = "db" } }),
            },
        }]));
        Workload(c, FakeResourceType.Deployment, "other-secret", Pod(volumes: [new JsonObject
        {
            ["name"] = "x", ["secret"] = new JsonObject { ["secretName"] = "unrelated" },
        }]));
        Workload(c, FakeResourceType.StatefulSet, "config-map-only", Pod(volumes: [new JsonObject
        {
            ["name"] = "x", ["configMap"] = new JsonObject { ["name"] = "db" },
        }]));
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(false, "true", true)]
    [InlineData(true, null, true)]
    [InlineData(true, "false", false)]
    public async Task Restart_happens_only_when_opted_in_by_annotation_or_agent_flag(bool agentFlag, string? annotation, bool restarts)
    {
        await using var c = await StartAsync(new AgentOptions { RolloutRestart = agentFlag });
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        OptedInExternalSecret(c, "db", annotation);
        Workload(c, FakeResourceType.Deployment, "web", EnvRef);
        await c.PassAsync();

        SetProviderValue(c, "v2");
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();
        c.Time.Advance(TimeSpan.FromMinutes(1));
        await c.PassAsync();

        Assert.Equal("v2", c.Value("default", "db", "k"));
        Assert.Equal(restarts ? 1 : 0, WorkloadPatches(c));
        Assert.Equal(restarts, RestartedAt(c, FakeResourceType.Deployment, "web") is not null);
    }

    [Fact]
    public async Task Three_changes_inside_the_window_cause_one_restart_after_the_last_value_is_written()
    {
        await using var c = await StartAsync(new AgentOptions { RolloutRestartWindow = TimeSpan.FromSeconds(30) });
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        OptedInExternalSecret(c, "db", "true", refresh: "5s");
        Workload(c, FakeResourceType.Deployment, "web", EnvRef);
        await c.PassAsync();

        foreach (var value in new[] { "v2", "v3", "v4" })
        {
            SetProviderValue(c, value);
            c.Time.Advance(TimeSpan.FromSeconds(6));
            await c.PassAsync();
            Assert.Equal(value, c.Value("default", "db", "k"));
        }
        Assert.Equal(0, WorkloadPatches(c));

        c.Time.Advance(TimeSpan.FromSeconds(17)); // 29 s after the first change was written: the window is still open
        await c.PassAsync();
        Assert.Equal(0, WorkloadPatches(c));

        c.Time.Advance(TimeSpan.FromSeconds(2)); // 31 s
        await c.PassAsync();
        await c.PassAsync();

        Assert.Equal(1, WorkloadPatches(c));
        Assert.NotNull(RestartedAt(c, FakeResourceType.Deployment, "web"));
    }

    [Fact]
    public async Task A_label_only_change_of_the_secret_and_a_refresh_without_new_data_restart_nothing()
    {
        await using var c = await StartAsync(new AgentOptions { RolloutRestart = true, RolloutRestartWindow = TimeSpan.Zero });
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        OptedInExternalSecret(c, "db", null);
        Workload(c, FakeResourceType.Deployment, "web", EnvRef);
        await c.PassAsync();

        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "db")!;
        es["spec"]!["target"] = new JsonObject
        {
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "payments" } } },
        };
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "db", es);
        await c.PassAsync();
        Assert.Equal("payments", c.TargetSecret("default", "db")!["metadata"]!["labels"]!["team"]!.GetValue<string>());

        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        Assert.Equal(0, WorkloadPatches(c));
    }

    [Fact]
    public async Task A_failed_restart_patch_is_retried_at_the_next_pass_without_restarting_the_others_again()
    {
        await using var c = await StartAsync(new AgentOptions { RolloutRestart = true, RolloutRestartWindow = TimeSpan.Zero });
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        OptedInExternalSecret(c, "db", null);
        Workload(c, FakeResourceType.Deployment, "web", EnvRef);
        Workload(c, FakeResourceType.StatefulSet, "worker", EnvRef);
        await c.PassAsync();

        SetProviderValue(c, "v2");
        c.Server.InjectFault("/deployments/web", 500, times: 1, method: "PATCH");
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();
        Assert.Null(RestartedAt(c, FakeResourceType.Deployment, "web"));
        var workerRestart = RestartedAt(c, FakeResourceType.StatefulSet, "worker");
        Assert.NotNull(workerRestart);

        c.Time.Advance(TimeSpan.FromSeconds(10));
        await c.PassAsync();

        Assert.NotNull(RestartedAt(c, FakeResourceType.Deployment, "web"));
        Assert.Equal(workerRestart, RestartedAt(c, FakeResourceType.StatefulSet, "worker"));
        Assert.Equal(1, c.Server.CountRequests("PATCH", "/statefulsets/worker"));
    }

    [Fact]
    public void Workload_references_cover_env_envFrom_init_containers_secret_and_projected_volumes()
    {
        var workload = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = Pod(
                        containers: [new JsonObject
                        {
                            ["env"] = new JsonArray(
                                new JsonObject { ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "a" } } },
                                new JsonObject { ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "cm" } } }),
                        }],
                        initContainers: [new JsonObject { ["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "b" } }) }],
                        volumes: [
                            new JsonObject { ["secret"] = new JsonObject { ["secretName"] = "c" } },
                            new JsonObject { ["projected"] = new JsonObject { ["sources"] = new JsonArray(new JsonObject { ["secret"] = new JsonObject { ["name"] = "d" } }) } },
                        ]),
                },
            },
        };

        Assert.Equal(new[] { "a", "b", "c", "d" }, WorkloadSecretReferences.Of(workload).Order(StringComparer.Ordinal));
    }

    private static void OptedInExternalSecret(AgentCluster c, string name, string? annotation, string refresh = "1m")
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        if (annotation is not null) metadata["annotations"] = new JsonObject { [RolloutRestarter.OptInAnnotation] = annotation };
        c.Server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = metadata,
            ["spec"] = Spec("fake", refresh: refresh, data: [("k", "k", null)]),
        });
    }

    private static void SetProviderValue(AgentCluster c, string value)
    {
        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "fake")!;
        store["spec"]!["provider"] = FakeProvider(("k", value));
        c.Server.Replace(FakeResourceType.SecretStore, "default", "fake", store);
    }

    private static JsonObject Pod(JsonObject[]? containers = null, JsonObject[]? initContainers = null, JsonObject[]? volumes = null)
    {
        var spec = new JsonObject { ["containers"] = new JsonArray([.. containers ?? [new JsonObject { ["name"] = "app" }]]) };
        if (initContainers is not null) spec["initContainers"] = new JsonArray([.. initContainers]);
        if (volumes is not null) spec["volumes"] = new JsonArray([.. volumes]);
        return spec;
    }

    private static void Workload(AgentCluster c, FakeResourceType type, string name, JsonObject podSpec) =>
        c.Server.Create(type, "default", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = podSpec.DeepClone(),
                },
            },
        });

    private static string? RestartedAt(AgentCluster c, FakeResourceType type, string name) =>
        c.Server.TryGet(type, "default", name)?["spec"]?["template"]?["metadata"]?["annotations"]?[RolloutRestarter.RestartedAtAnnotation]?.GetValue<string>();

    private static int WorkloadPatches(AgentCluster c) =>
        c.Server.CountRequests("PATCH", "/deployments/") + c.Server.CountRequests("PATCH", "/statefulsets/");
}
