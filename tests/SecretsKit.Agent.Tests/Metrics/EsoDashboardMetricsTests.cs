using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Tests.Hosting;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Metrics;

/// <summary>
/// Issue #50's metrics: every metric ESO v2.9.0's Grafana dashboards query (the names tests/peers/eso-dashboard-metrics.sh
/// extracted from the fetched dashboards into tests/fixtures/eso-dashboard-metrics.txt) is exported by the real agent
/// process, scraped over HTTP from <c>/metrics</c> while it syncs an ExternalSecret against the Kubernetes API fake, with
/// ESO's labels. The webhook families are declared without samples: the agent serves no admission webhook.
/// </summary>
public sealed partial class EsoDashboardMetricsTests
{
    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    /// <summary>A metric name in a PromQL query: an identifier directly followed by a selector or a range (as the script reads ESO's).</summary>
    [GeneratedRegex(@"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[{\[])")]
    private static partial Regex QueriedMetric();

    /// <summary>Every panel query (<c>expr</c>) of a Grafana dashboard.</summary>
    private static IEnumerable<string> Exprs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Key == "expr" && kv.Value is JsonValue v ? [v.GetValue<string>()] : Exprs(kv.Value)),
        JsonArray a => a.SelectMany(Exprs),
        _ => [],
    };

    private static IReadOnlyList<string> DashboardNames() =>
        File.ReadAllLines(Path.Combine(SharedFixtures.RepositoryRoot, "tests", "fixtures", "eso-dashboard-metrics.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>The family a sample name belongs to: a histogram's <c>_bucket</c>/<c>_sum</c>/<c>_count</c> are its own.</summary>
    private static string Family(string name, IReadOnlyDictionary<string, string> types) =>
        new[] { "_bucket", "_sum", "_count" }.Select(s => name.EndsWith(s, StringComparison.Ordinal) ? name[..^s.Length] : null)
            .FirstOrDefault(f => f is not null && types.GetValueOrDefault(f) == "histogram") ?? name;

    private static async Task<string> ScrapeWhenAsync(AgentProcess agent, Func<string, bool> ready)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var (status, body) = await agent.GetAsync("/metrics");
            if (status == 200 && ready(body)) return body;
            if (agent.HasExited) throw new InvalidOperationException($"the agent exited: {agent.Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/metrics never showed the sync (last {status}):\n{body}\n{agent.Stdout}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Every_metric_of_esos_dashboards_is_exported_by_the_agent_process_with_esos_labels()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        // one that fails (its remote key is not in the store), so that the error series have samples too
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "broken", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", data: [("k", "missing", null)]),
        });
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) };
        await using var agent = AgentProcess.Start(home.Path, env, "--shutdown-timeout", "10s", "--lease-namespace", "default");

        var text = await ScrapeWhenAsync(agent, t => t.Contains("externalsecret_status_condition{condition=\"Ready\",name=\"es\",namespace=\"default\",status=\"True\"} 1", StringComparison.Ordinal)
            && t.Contains("secretstore_status_condition{condition=\"Ready\",name=\"fake\",namespace=\"default\",status=\"True\"} 1", StringComparison.Ordinal)
            && t.Contains("externalsecret_sync_calls_error{name=\"broken\",namespace=\"default\"}", StringComparison.Ordinal)
            // recorded when a reconcile ends, after the status it wrote: wait for them too
            && t.Contains("externalsecret_reconcile_duration{name=\"es\",namespace=\"default\"}", StringComparison.Ordinal)
            && t.Contains("secretstore_reconcile_duration{name=\"fake\",namespace=\"default\"}", StringComparison.Ordinal)
            && t.Contains("controller_runtime_reconcile_total{controller=\"externalsecret\",result=\"requeue_after\"}", StringComparison.Ordinal));

        void Has(string pattern) => Assert.True(Regex.IsMatch(text, pattern), $"/metrics lacks {pattern}:\n{text}");
        var types = TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        var samples = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOfAny(['{', ' '])]).ToHashSet(StringComparer.Ordinal);
        var names = DashboardNames();
        Assert.True(names.Count >= 10, "the fixture lists the dashboards' metric names");
        foreach (var name in names)
        {
            Assert.True(types.ContainsKey(Family(name, types)), $"{name}: no # TYPE line for it in /metrics");
            if (!name.StartsWith("controller_runtime_webhook_", StringComparison.Ordinal)) Assert.Contains(name, samples);
        }
        // ESO's labels (pkg/controllers/metrics, runtime/metrics, controller-runtime's)
        Assert.Equal("histogram", types["controller_runtime_reconcile_time_seconds"]);
        Has(@"(?m)^controller_runtime_reconcile_total\{controller=""externalsecret"",result=""requeue_after""\} [1-9]");
        Has(@"(?m)^controller_runtime_reconcile_time_seconds_bucket\{controller=""externalsecret"",le=""\+Inf""\} [1-9]");
        Has(@"(?m)^workqueue_depth\{controller=""externalsecret"",name=""externalsecret""\} \d+$");
        Has(@"(?m)^controller_runtime_max_concurrent_reconciles\{controller=""externalsecret""\} \d+$");
        Has(@"(?m)^externalsecret_provider_api_calls_count\{call=""GetSecret"",provider=""fake"",status=""success""\} [1-9]");
        Has(@"(?m)^externalsecret_sync_calls_total\{name=""es"",namespace=""default""\} [1-9]");
        Has(@"(?m)^externalsecret_reconcile_duration\{name=""es"",namespace=""default""\} [1-9]");
        Has(@"(?m)^secretstore_reconcile_duration\{name=""fake"",namespace=""default""\} [1-9]");
        Assert.Contains("secretstore_status_condition{condition=\"Ready\",name=\"fake\",namespace=\"default\",status=\"False\"} 0", text, StringComparison.Ordinal);
        foreach (var family in (string[])["clustersecretstore_status_condition", "pushsecret_status_condition", "clusterexternalsecret_status_condition",
                     "clustersecretstore_reconcile_duration", "pushsecret_reconcile_duration", "clusterexternalsecret_reconcile_duration"])
        {
            Assert.Equal("gauge", types[family]);
        }
        Has(@"(?m)^controller_runtime_reconcile_total\{controller=""externalsecret"",result=""error""\} [1-9]");
        // the agent's own metrics stay
        Assert.True(types.ContainsKey("secretskit_drift_repairs_total"));
        // and every metric the chart's own dashboard queries is exported
        var own = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent", "files", "grafana-dashboard.json"));
        var queried = Exprs(JsonNode.Parse(own)).SelectMany(e => QueriedMetric().Matches(e)).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(queried.Count >= 8, "the chart's dashboard names its metrics in selectors or ranges");
        foreach (var name in queried) Assert.True(types.ContainsKey(Family(name, types)), $"the chart's dashboard queries {name}, which /metrics does not declare");
    }
}
