using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>The agent chart rendered (without helm) with its defaults and the main toggles.</summary>
public sealed class ChartRenderingTests
{
    private static readonly HashSet<string> NamespacedKinds =
        ["ServiceAccount", "Role", "RoleBinding", "Deployment", "Service", "PodDisruptionBudget", "ServiceMonitor", "ConfigMap"];

    public static TheoryData<string, string?> Variants => new()
    {
        { "defaults", null },
        { "crds.install", "true" },
        { "scope.namespace", "team-a" },
        { "metrics.serviceMonitor.enabled", "true" },
        { "rolloutRestart.enabled", "true" },
        { "metrics.grafanaDashboard.enabled", "true" },
    };

    [Fact]
    public void The_grafana_dashboard_is_off_by_default_and_on_request_a_config_map_the_sidecar_picks_up()
    {
        Assert.Empty(AgentChart.Render().OfKind("ConfigMap"));
        var map = AgentChart.Render(("metrics.grafanaDashboard.enabled", true)).Single("ConfigMap");
        Assert.Equal("1", map["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
        var dashboard = JsonNode.Parse(map["data"]!["secretskit-agent.json"]!.GetValue<string>())!;
        Assert.Equal("secretskit-agent", dashboard["uid"]!.GetValue<string>());
        Assert.True(dashboard["panels"]!.AsArray().Count >= 10);
    }

    private static AgentChart RenderVariant(string name, string? value) => value switch
    {
        null => AgentChart.Render(),
        "true" => AgentChart.Render((name, true)),
        _ => AgentChart.Render((name, value)),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_document_has_apiVersion_kind_name_namespace_and_the_common_labels(string name, string? value)
    {
        var chart = RenderVariant(name, value);
        Assert.NotEmpty(chart.Documents);
        foreach (var (file, yaml, obj) in chart.Documents)
        {
            var where = $"{file}:\n{yaml}";
            Assert.False(string.IsNullOrEmpty(obj["apiVersion"]?.GetValue<string>()), "apiVersion missing in " + where);
            var kind = obj["kind"]?.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(kind), "kind missing in " + where);
            var metadata = Assert.IsType<JsonObject>(obj["metadata"]);
            var objName = metadata["name"]?.GetValue<string>() ?? "";
            Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", objName);
            Assert.True(objName.Length <= 253, where);
            if (NamespacedKinds.Contains(kind!)) Assert.NotNull(metadata["namespace"]);
            else Assert.Null(metadata["namespace"]);
            var labels = Assert.IsType<JsonObject>(metadata["labels"]);
            Assert.Equal("secretskit-agent", labels["app.kubernetes.io/name"]?.GetValue<string>());
            Assert.Equal(AgentChart.ReleaseName, labels["app.kubernetes.io/instance"]?.GetValue<string>());
            Assert.Equal("Helm", labels["app.kubernetes.io/managed-by"]?.GetValue<string>());
            Assert.Equal("secretskit-agent-0.1.0", labels["helm.sh/chart"]?.GetValue<string>());
            Assert.Equal("0.1.0", labels["app.kubernetes.io/version"]?.GetValue<string>());
        }
        var identities = chart.Objects.Select(o => $"{o["kind"]}/{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}").ToList();
        Assert.Equal(identities.Count, identities.Distinct().Count());
    }

    [Fact]
    public void Defaults_render_the_cluster_wide_agent_without_crds_or_service_monitor()
    {
        var chart = AgentChart.Render();
        var kinds = chart.Objects.Select(o => o["kind"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "Deployment", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"], kinds);
        var deployment = chart.Single("Deployment");
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("ghcr.io/secretskit/secretskit-agent:0.1.0", Container(deployment)["image"]!.GetValue<string>());
        Assert.Equal(1, chart.Single("PodDisruptionBudget")["spec"]!["minAvailable"]!.GetValue<long>());
    }

    [Fact]
    public void Image_tag_overrides_the_app_version_and_a_single_replica_gets_no_disruption_budget()
    {
        var chart = AgentChart.Render(("image.tag", "1.2.3"), ("replicaCount", 1.0));
        Assert.Equal("ghcr.io/secretskit/secretskit-agent:1.2.3", Container(chart.Single("Deployment"))["image"]!.GetValue<string>());
        Assert.Equal(1, chart.Single("Deployment")["spec"]!["replicas"]!.GetValue<long>());
        Assert.Empty(chart.OfKind("PodDisruptionBudget"));
    }

    [Fact]
    public void Replicas_the_charts_earlier_name_for_replicaCount_still_wins_when_a_user_sets_it()
    {
        var scaled = AgentChart.Render(("replicas", 4.0));
        Assert.Equal(4, scaled.Single("Deployment")["spec"]!["replicas"]!.GetValue<long>());
        Assert.Single(scaled.OfKind("PodDisruptionBudget"));
        var stopped = AgentChart.Render(("replicaCount", 3.0), ("replicas", 0.0));
        Assert.Equal(0, stopped.Single("Deployment")["spec"]!["replicas"]!.GetValue<long>());
        Assert.Empty(stopped.OfKind("PodDisruptionBudget"));
    }

    [Fact]
    public void Deployment_arguments_are_the_agent_command_line_and_parse_back_to_the_chosen_values()
    {
        var chart = AgentChart.Render(("controllerClass", "team-class"), ("concurrency", 7.0), ("metrics.port", 9191.0), ("scope.namespace", "team-a"));
        var container = Container(chart.Single("Deployment"));
        var args = container["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var parsed = AgentCommandLine.Parse(args);
        Assert.Equal("team-class", parsed.Options.ControllerClass);
        Assert.Equal(7, parsed.Options.Concurrency);
        Assert.Equal("team-a", parsed.Options.Namespace);
        Assert.Equal(9191, parsed.MetricsPort);
        Assert.Equal(AgentChart.ReleaseNamespace, parsed.LeaseNamespace);
        Assert.Equal(9191, container["ports"]![0]!["containerPort"]!.GetValue<long>());

        var defaults = AgentCommandLine.Parse([.. Container(AgentChart.Render().Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>())]);
        Assert.Null(defaults.Options.Namespace);
        Assert.Equal("secretskit", defaults.Options.ControllerClass);
        Assert.Equal(8080, defaults.MetricsPort);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, true)]
    [InlineData("team-a", true, true)]
    [InlineData("team-a", false, false)]
    public void Cluster_store_reconciler_is_switched_off_exactly_for_a_scoped_install_without_cluster_store_access(
        string? scopeNamespace, bool clusterSecretStores, bool expected)
    {
        var overrides = new List<(string, object?)> { ("scope.clusterSecretStores", clusterSecretStores) };
        if (scopeNamespace is not null) overrides.Add(("scope.namespace", scopeNamespace));
        var args = Container(AgentChart.Render([.. overrides]).Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();

        Assert.Equal(expected ? 0 : 1, args.Count(a => a.StartsWith("--enable-cluster-store-reconciler", StringComparison.Ordinal)));
        var parsed = AgentCommandLine.Parse(args);
        Assert.Equal(expected, parsed.Options.ClusterStoreReconciler);
        Assert.Equal(scopeNamespace, parsed.Options.Namespace);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Beside_eso_makes_the_agent_claim_only_stores_of_its_class(bool besideEso, bool claimsWithoutController)
    {
        var args = Container(AgentChart.Render(("besideEso", besideEso)).Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var options = AgentCommandLine.Parse(args).Options;
        Assert.Equal(claimsWithoutController, options.ClaimStoresWithoutController);
        var claim = StoreClaim.From(options);
        Assert.Equal(claimsWithoutController, claim.Claims(Store(null)));
        Assert.True(claim.Claims(Store("secretskit")));
        Assert.False(claim.Claims(Store("external-secrets")));
    }

    private static StoreResource Store(string? controller)
    {
        var spec = new JsonObject { ["provider"] = new JsonObject { ["fake"] = new JsonObject() } };
        if (controller is not null) spec["controller"] = controller;
        return StoreResource.Parse(new JsonObject
        {
            ["kind"] = "SecretStore",
            ["metadata"] = new JsonObject { ["name"] = "s", ["namespace"] = "default" },
            ["spec"] = spec,
        });
    }

    [Fact]
    public void Pods_get_their_name_and_namespace_from_the_downward_api()
    {
        var env = Container(AgentChart.Render().Single("Deployment"))["env"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var (var, path) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace") })
        {
            var entry = Assert.Single(env, e => e["name"]!.GetValue<string>() == var);
            Assert.Equal(path, entry["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Deployment_runs_non_root_with_a_read_only_root_filesystem_and_a_writable_tmp()
    {
        var deployment = AgentChart.Render().Single("Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal(65532, pod["securityContext"]!["runAsUser"]!.GetValue<long>());
        Assert.Equal("RuntimeDefault", pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>());
        var container = Container(deployment);
        var sc = container["securityContext"]!;
        Assert.True(sc["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal(65532, sc["runAsUser"]!.GetValue<long>());
        Assert.True(sc["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(sc["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal(["ALL"], sc["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(sc["capabilities"]!["add"]);
        Assert.Equal("RuntimeDefault", sc["seccompProfile"]!["type"]!.GetValue<string>());
        var mount = Assert.Single(container["volumeMounts"]!.AsArray());
        Assert.Equal("/tmp", mount!["mountPath"]!.GetValue<string>());
        var volume = Assert.Single(pod["volumes"]!.AsArray());
        Assert.Equal(mount["name"]!.GetValue<string>(), volume!["name"]!.GetValue<string>());
        Assert.NotNull(volume["emptyDir"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
    }

    [Fact]
    public async Task Probes_point_at_endpoints_the_agent_really_serves_on_the_metrics_port()
    {
        var container = Container(AgentChart.Render().Single("Deployment"));
        var portName = Assert.Single(container["ports"]!.AsArray())!["name"]!.GetValue<string>();
        var liveness = container["livenessProbe"]!["httpGet"]!;
        var readiness = container["readinessProbe"]!["httpGet"]!;
        Assert.Equal(portName, liveness["port"]!.GetValue<string>());
        Assert.Equal(portName, readiness["port"]!.GetValue<string>());

        await using var c = await AgentCluster.StartAsync();
        var host = new AgentHost(c.Client, new AgentOptions(), new SecretsKit.Agent.Providers.ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time);
        await using var web = HealthEndpoints.Build(host, 0);
        await web.StartAsync();
        var port = new Uri(web.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await host.TickAsync(CancellationToken.None);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(liveness["path"]!.GetValue<string>())).StatusCode);
        // ready once the leader's watch caches have listed
        await Poll.UntilAsync(async () => (await http.GetAsync(readiness["path"]!.GetValue<string>())).StatusCode == System.Net.HttpStatusCode.OK, "readiness");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/not-a-probe")).StatusCode);
        await host.StopAsync();
        await web.StopAsync();
    }

    [Fact]
    public void Service_and_disruption_budget_select_exactly_the_deployment_pods()
    {
        var chart = AgentChart.Render();
        var deployment = chart.Single("Deployment");
        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var selector = deployment["spec"]!["selector"]!["matchLabels"]!.AsObject();
        foreach (var other in new[] { selector, chart.Single("Service")["spec"]!["selector"]!.AsObject(), chart.Single("PodDisruptionBudget")["spec"]!["selector"]!["matchLabels"]!.AsObject() })
        {
            Assert.NotEmpty(other);
            foreach (var (k, v) in other) Assert.Equal(v!.GetValue<string>(), podLabels[k]?.GetValue<string>());
        }
        var service = chart.Single("Service");
        Assert.Equal("metrics", service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>());
        Assert.Equal(AgentChart.DefaultValues()["serviceAccount"] is Dictionary<string, object?> ? chart.Single("ServiceAccount")["metadata"]!["name"]!.GetValue<string>() : null,
            deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]!.GetValue<string>());
    }

    [Fact]
    public void Service_monitor_scrapes_the_metrics_service_port()
    {
        Assert.Empty(AgentChart.Render().OfKind("ServiceMonitor"));
        var chart = AgentChart.Render(("metrics.serviceMonitor.enabled", true), ("metrics.serviceMonitor.labels", new Dictionary<string, object?> { ["release"] = "prom" }));
        var monitor = chart.Single("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", monitor["apiVersion"]!.GetValue<string>());
        Assert.Equal("prom", monitor["metadata"]!["labels"]!["release"]!.GetValue<string>());
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Equal("metrics", endpoint["port"]!.GetValue<string>());
        Assert.Equal("/metrics", endpoint["path"]!.GetValue<string>());
        var serviceLabels = chart.Single("Service")["metadata"]!["labels"]!.AsObject();
        foreach (var (k, v) in monitor["spec"]!["selector"]!["matchLabels"]!.AsObject()) Assert.Equal(v!.GetValue<string>(), serviceLabels[k]?.GetValue<string>());
        Assert.Equal(AgentChart.ReleaseNamespace, monitor["spec"]!["namespaceSelector"]!["matchNames"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Service_account_name_is_required_when_the_chart_does_not_create_it()
    {
        var e = Assert.Throws<InvalidOperationException>(() => AgentChart.Render(("serviceAccount.create", false)));
        Assert.Contains("serviceAccount.name is required", e.Message, StringComparison.Ordinal);
        var chart = AgentChart.Render(("serviceAccount.create", false), ("serviceAccount.name", "existing-sa"));
        Assert.Empty(chart.OfKind("ServiceAccount"));
        Assert.Equal("existing-sa", chart.Single("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.All(chart.OfKind("ClusterRoleBinding").Concat(chart.OfKind("RoleBinding")),
            b => Assert.Equal("existing-sa", b["subjects"]![0]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Scheduling_settings_pass_through_to_the_pod()
    {
        var chart = AgentChart.Render(
            ("nodeSelector", new Dictionary<string, object?> { ["kubernetes.io/os"] = "linux" }),
            ("tolerations", new List<object?> { new Dictionary<string, object?> { ["key"] = "dedicated", ["operator"] = "Exists", ["effect"] = "NoSchedule" } }),
            ("topologySpreadConstraints", new List<object?> { new Dictionary<string, object?> { ["maxSkew"] = 1.0, ["topologyKey"] = "topology.kubernetes.io/zone", ["whenUnsatisfiable"] = "ScheduleAnyway" } }),
            ("affinity", new Dictionary<string, object?> { ["podAntiAffinity"] = new Dictionary<string, object?> { ["preferredDuringSchedulingIgnoredDuringExecution"] = new List<object?>() } }));
        var pod = chart.Single("Deployment")["spec"]!["template"]!["spec"]!;
        Assert.Equal("linux", pod["nodeSelector"]!["kubernetes.io/os"]!.GetValue<string>());
        Assert.Equal("dedicated", pod["tolerations"]![0]!["key"]!.GetValue<string>());
        Assert.Equal(1, pod["topologySpreadConstraints"]![0]!["maxSkew"]!.GetValue<long>());
        Assert.NotNull(pod["affinity"]!["podAntiAffinity"]);
        Assert.Null(AgentChart.Render().Single("Deployment")["spec"]!["template"]!["spec"]!["nodeSelector"]);
    }

    internal static JsonObject Container(JsonObject deployment) =>
        Assert.Single(deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!.AsObject();
}
