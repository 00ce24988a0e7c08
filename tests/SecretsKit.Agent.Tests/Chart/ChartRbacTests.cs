using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Fake;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// The chart grants exactly what the agent's code uses (KubernetesClient calls in SecretsKit.Agent and
/// SecretsKit.Kubernetes): no wildcard, no verb beyond that list, and nothing missing.
/// </summary>
public sealed class ChartRbacTests
{
    private static readonly string[] NamespacedGrants =
    [
        "external-secrets.io/externalsecrets:get,list,watch",
        "external-secrets.io/secretstores:get,list,watch",
        "external-secrets.io/externalsecrets/status:update,patch",
        "external-secrets.io/secretstores/status:update,patch",
        "external-secrets.io/pushsecrets:get,list,watch,patch",
        "external-secrets.io/pushsecrets/status:update,patch",
        // every generator kind the agent runs (GeneratorRegistry.All), and no other: get on its resource
        .. GeneratorRegistry.All.Select(g => $"{g.Type.Group}/{g.Type.Plural}:get"),
        "generators.external-secrets.io/generatorstates:get,list,watch,create,update,patch,delete",
        "secretskit.io/sopssecrets:get,list,watch",
        "secretskit.io/sopssecrets/status:update,patch",
        "/secrets:get,list,watch,create,update,patch,delete",
        "/configmaps:get,create,update,delete",
        "/events:create,patch",
        "/serviceaccounts/token:create",
        "/serviceaccounts:get",
    ];

    private static readonly string[] ClusterGrants =
    [
        "external-secrets.io/clustersecretstores:get,list,watch",
        "external-secrets.io/clustersecretstores/status:update,patch",
        "/namespaces:get,list,watch",
        "generators.external-secrets.io/clustergenerators:get",
    ];

    /// <summary>Cluster-wide only: ClusterExternalSecrets and the ExternalSecrets they make in every namespace.</summary>
    private static readonly string[] ClusterExternalSecretGrants =
    [
        "external-secrets.io/clusterexternalsecrets:get,list,watch",
        "external-secrets.io/clusterexternalsecrets/status:update,patch",
        "external-secrets.io/externalsecrets:create,update,delete",
    ];

    private static readonly string[] RolloutGrants = ["apps/deployments:get,list,patch", "apps/statefulsets:get,list,patch"];

    private static readonly string[] LeaseGrants = ["coordination.k8s.io/leases:create", "coordination.k8s.io/leases[secretskit-agent-leader]:get,update"];

    /// <summary>Flattens a role's rules to "group/resource[names]:verb" strings, one per verb.</summary>
    private static HashSet<string> Grants(JsonObject role)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in role["rules"]!.AsArray().OfType<JsonObject>())
        {
            var names = rule["resourceNames"] is JsonArray n ? "[" + string.Join(",", n.Select(x => x!.GetValue<string>())) + "]" : "";
            foreach (var g in rule["apiGroups"]!.AsArray())
            foreach (var r in rule["resources"]!.AsArray())
            foreach (var v in rule["verbs"]!.AsArray())
            {
                set.Add($"{g!.GetValue<string>()}/{r!.GetValue<string>()}{names}:{v!.GetValue<string>()}");
            }
        }
        return set;
    }

    private static HashSet<string> Expand(params string[][] lists) =>
        [.. lists.SelectMany(l => l).SelectMany(e => e.Split(':')[1].Split(',').Select(v => e.Split(':')[0] + ":" + v))];

    private static void AssertNoWildcards(AgentChart chart)
    {
        foreach (var role in chart.OfKind("ClusterRole").Concat(chart.OfKind("Role")))
        {
            foreach (var grant in Grants(role)) Assert.DoesNotContain("*", grant, StringComparison.Ordinal);
            Assert.All(role["rules"]!.AsArray(), r => Assert.Null(r!["nonResourceURLs"]));
        }
    }

    [Fact]
    public void Cluster_wide_install_grants_exactly_the_agent_permissions_in_a_cluster_role_and_the_lease_in_a_role()
    {
        var chart = AgentChart.Render();
        AssertNoWildcards(chart);
        Assert.Equal(Expand(NamespacedGrants, ClusterGrants, ClusterExternalSecretGrants), Grants(chart.Single("ClusterRole")));
        var lease = chart.Single("Role");
        Assert.Equal(AgentChart.ReleaseNamespace, lease["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(Expand(LeaseGrants), Grants(lease));
        AssertBound(chart, "ClusterRoleBinding", chart.Single("ClusterRole"));
        AssertBound(chart, "RoleBinding", lease);
    }

    [Fact]
    public void Scoped_install_uses_a_role_in_the_watched_namespace_and_keeps_only_cluster_store_reads_cluster_wide()
    {
        var chart = AgentChart.Render(("scope.namespace", "team-a"));
        AssertNoWildcards(chart);
        var roles = chart.OfKind("Role").ToDictionary(r => r["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(["secretskit-system", "team-a"], roles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Expand(NamespacedGrants), Grants(roles["team-a"]));
        Assert.Equal(Expand(LeaseGrants), Grants(roles["secretskit-system"]));
        Assert.Equal(Expand(ClusterGrants), Grants(chart.Single("ClusterRole")));
        AssertBound(chart, "RoleBinding", roles["team-a"]);
        AssertBound(chart, "ClusterRoleBinding", chart.Single("ClusterRole"));

        var noCluster = AgentChart.Render(("scope.namespace", "team-a"), ("scope.clusterSecretStores", false));
        Assert.Empty(noCluster.OfKind("ClusterRole"));
        Assert.Empty(noCluster.OfKind("ClusterRoleBinding"));
    }

    [Fact]
    public void Rollout_restart_adds_only_get_list_patch_on_deployments_and_statefulsets()
    {
        Assert.DoesNotContain(Grants(AgentChart.Render().Single("ClusterRole")), g => g.StartsWith("apps/", StringComparison.Ordinal));
        var chart = AgentChart.Render(("rolloutRestart.enabled", true));
        AssertNoWildcards(chart);
        Assert.Equal(Expand(NamespacedGrants, ClusterGrants, ClusterExternalSecretGrants, RolloutGrants), Grants(chart.Single("ClusterRole")));
        var scoped = AgentChart.Render(("rolloutRestart.enabled", true), ("scope.namespace", "team-a"));
        var teamRole = scoped.OfKind("Role").Single(r => r["metadata"]!["namespace"]!.GetValue<string>() == "team-a");
        Assert.Equal(Expand(NamespacedGrants, RolloutGrants), Grants(teamRole));
    }

    [Fact]
    public void Without_generic_targets_configmaps_are_only_read_and_the_agent_is_told_so()
    {
        var chart = AgentChart.Render(("genericTargets", new List<object?>()));
        var grants = Grants(chart.Single("ClusterRole"));
        Assert.Contains("/configmaps:get", grants);
        Assert.DoesNotContain(grants, g => g.StartsWith("/configmaps:", StringComparison.Ordinal) && g != "/configmaps:get");
        var args = ChartRenderingTests.Container(chart.Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal("", args[args.IndexOf("--generic-targets") + 1]);
        var defaults = ChartRenderingTests.Container(AgentChart.Render().Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal("ConfigMap", defaults[defaults.IndexOf("--generic-targets") + 1]);
    }

    [Fact]
    public void Rbac_create_false_renders_no_roles()
    {
        var chart = AgentChart.Render(("rbac.create", false));
        Assert.Empty(chart.OfKind("ClusterRole").Concat(chart.OfKind("Role")).Concat(chart.OfKind("ClusterRoleBinding")).Concat(chart.OfKind("RoleBinding")));
    }

    [Fact]
    public async Task Lease_grant_names_the_lease_the_agent_really_elects_on()
    {
        await using var c = await AgentCluster.StartAsync();
        var host = new SecretsKit.Agent.Hosting.AgentHost(c.Client, new AgentOptions(), new SecretsKit.Agent.Providers.ProviderOptions(), "agent-a", "default",
            new SecretsKit.Agent.Hosting.AgentLog(TextWriter.Null), c.Time);
        await host.TickAsync(CancellationToken.None);
        var lease = Assert.Single(c.Server.All(Testing.Kubernetes.FakeResourceType.Lease));
        var leaseName = lease["metadata"]!["name"]!.GetValue<string>();
        Assert.Contains($"coordination.k8s.io/leases[{leaseName}]:get", Grants(AgentChart.Render().Single("Role")));
        Assert.Contains($"coordination.k8s.io/leases[{leaseName}]:update", Grants(AgentChart.Render().Single("Role")));
    }

    [Fact]
    public async Task Scoped_install_without_cluster_stores_runs_an_agent_whose_every_request_its_namespace_role_grants()
    {
        var chart = AgentChart.Render(("scope.namespace", "team-a"), ("scope.clusterSecretStores", false));
        var args = ChartRenderingTests.Container(chart.Single("Deployment"))["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var options = SecretsKit.Agent.Hosting.AgentCommandLine.Parse(args).Options;
        Assert.Empty(chart.OfKind("ClusterRole"));
        var granted = Grants(chart.OfKind("Role").Single(r => r["metadata"]!["namespace"]!.GetValue<string>() == "team-a"));

        await using var c = await AgentCluster.StartAsync(AgentCluster.Watching(options));
        c.Namespace("team-a");
        c.Store("team-a", "local", AgentCluster.FakeProvider(("k", "v")));
        c.Store(null, "shared", AgentCluster.FakeProvider(("k", "v")));
        c.ExternalSecret("team-a", "via-local", AgentCluster.Spec("local", data: [("k", "k", null)]));
        c.ExternalSecret("team-a", "via-cluster", AgentCluster.Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]));
        await using (await c.WatchAsync())
        {
            await Poll.UntilAsync(() => c.Value("team-a", "via-local", "k") == "v", "the SecretStore-backed ExternalSecret is synced");
            await Poll.UntilAsync(() => c.ReadyStatus("team-a", "via-cluster") == "False", "the ClusterSecretStore-backed one reports why not");
            await Poll.UntilAsync(() => c.Session.Queue.Count == 0, "the queue is idle");
        }

        var requests = c.Server.Requests.Select(r => (Request: $"{r.Method} {r.Path}{r.Query}", Grant: RequiredGrant(r.Method, r.Path, r.Query))).ToList();
        Assert.NotEmpty(requests);
        var denied = requests.Where(r => r.Grant is not { Namespace: "team-a" } g || !granted.Contains(g.Grant)).Select(r => r.Request).ToList();
        Assert.True(denied.Count == 0, "requests the team-a Role does not grant:\n" + string.Join("\n", denied));
    }

    /// <summary>
    /// What RBAC checks for a resource request: its namespace (null = cluster scope) and "group/resource[/sub]:verb";
    /// null for a non-resource path.
    /// </summary>
    private static (string? Namespace, string Grant)? RequiredGrant(string method, string path, string query)
    {
        var seg = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        int rest;
        if (seg is ["api", _, ..]) (group, rest) = ("", 2);
        else if (seg is ["apis", _, _, ..]) (group, rest) = (seg[1], 3);
        else return null;
        var parts = seg[rest..];
        string? ns = null;
        if (parts is ["namespaces", _, _, ..])
        {
            ns = parts[1];
            parts = parts[2..];
        }
        if (parts.Length == 0) return null;
        var resource = parts.Length > 2 ? $"{parts[0]}/{parts[2]}" : parts[0];
        var named = parts.Length > 1;
        var verb = method switch
        {
            "GET" when named => "get",
            "GET" when query.Contains("watch=true", StringComparison.Ordinal) || query.Contains("watch=1", StringComparison.Ordinal) => "watch",
            "GET" => "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return (ns, $"{group}/{resource}:{verb}");
    }

    private static void AssertBound(AgentChart chart, string bindingKind, JsonObject role)
    {
        var roleName = role["metadata"]!["name"]!.GetValue<string>();
        var binding = Assert.Single(chart.OfKind(bindingKind), b => b["roleRef"]!["name"]!.GetValue<string>() == roleName);
        Assert.Equal(role["kind"]!.GetValue<string>(), binding["roleRef"]!["kind"]!.GetValue<string>());
        Assert.Equal(role["metadata"]!["namespace"]?.GetValue<string>(), binding["metadata"]!["namespace"]?.GetValue<string>());
        var subject = Assert.Single(binding["subjects"]!.AsArray())!;
        Assert.Equal("ServiceAccount", subject["kind"]!.GetValue<string>());
        Assert.Equal(chart.Single("ServiceAccount")["metadata"]!["name"]!.GetValue<string>(), subject["name"]!.GetValue<string>());
        Assert.Equal(AgentChart.ReleaseNamespace, subject["namespace"]!.GetValue<string>());
    }
}
