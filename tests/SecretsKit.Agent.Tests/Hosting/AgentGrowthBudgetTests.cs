using System.Diagnostics;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;
using SecretsKit.Testing.Kubernetes;
using Xunit.Abstractions;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// Issue #61's cases through the running agent (the real process, watching the Kubernetes API fake with the chart's
/// CRDs, under the chart's memory limit of 256 MiB as its heap limit): one tenant's ExternalSecrets carry templates that
/// grow past every budget (a map sharing one sub-map 40 levels deep written out by <c>toYaml</c>/<c>toJson</c>/
/// <c>toString</c>; <c>b64enc</c> and <c>quote</c> chained 40 times over a million characters) and find patterns that do
/// not compile, and a ClusterSecretStore's <c>namespaceRegexes</c> does not compile. Each gets a condition in words on its
/// own object while the agent keeps retrying them; another tenant's ExternalSecret (refreshed every 2 s) syncs and then
/// picks up a changed remote value; the process never exits (a restart would show as an exit) and its peak resident set stays
/// under the limit.
/// </summary>
public sealed class AgentGrowthBudgetTests(ITestOutputHelper output)
{
    private static readonly (string Name, string Template)[] Growth = GrowthPrograms.Known;

    private const long ChartLimitKiB = 256 << 10;

    private static JsonObject Store(string name, JsonArray? namespaceRegexes = null)
    {
        var spec = new JsonObject { ["provider"] = AgentCluster.FakeProvider(("k", "v1")) };
        if (namespaceRegexes is not null) spec["conditions"] = new JsonArray(new JsonObject { ["namespaceRegexes"] = namespaceRegexes });
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    private static JsonObject ExternalSecret(string ns, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    };

    private static JsonObject Find(string pattern, string store = "shared") => new()
    {
        ["secretStoreRef"] = new JsonObject { ["name"] = store, ["kind"] = "ClusterSecretStore" },
        ["dataFrom"] = new JsonArray(new JsonObject { ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = pattern } } }),
    };

    [Fact]
    public async Task Growing_templates_and_bad_patterns_get_conditions_while_another_tenant_keeps_refreshing_and_the_agent_stays_up_within_the_limit()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        foreach (var ns in (string[])["tenant-bad", "tenant-good"]) server.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        server.Create(FakeResourceType.ClusterSecretStore, null, Store("shared"));
        server.Create(FakeResourceType.ClusterSecretStore, null, Store("guarded", new JsonArray("^tenant-(")));
        foreach (var (name, template) in Growth)
        {
            server.Create(FakeResourceType.ExternalSecret, "tenant-bad", ExternalSecret("tenant-bad", name, AgentCluster.Spec("shared", "ClusterSecretStore",
                target: new JsonObject { ["template"] = new JsonObject { ["data"] = new JsonObject { ["out"] = template } } }, data: [("k", "k", null)])));
        }
        server.Create(FakeResourceType.ExternalSecret, "tenant-bad", ExternalSecret("tenant-bad", "find-open", Find("(")));
        server.Create(FakeResourceType.ExternalSecret, "tenant-bad", ExternalSecret("tenant-bad", "guarded", Find("^k$", "guarded")));
        server.Create(FakeResourceType.ExternalSecret, "tenant-good", ExternalSecret("tenant-good", "good",
            AgentCluster.Spec("shared", "ClusterSecretStore", refresh: "2s", data: [("k", "k", null)])));

        var env = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path), ["POD_NAME"] = "agent-a", ["DOTNET_GCHeapHardLimit"] = "0x10000000",
        };
        await using var agent = AgentProcess.Start(home.Path, env, "--lease-namespace", "default");
        async Task UntilAsync(Func<bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.False(agent.HasExited, $"the agent exited while waiting for {what}\n{agent.Stdout}\n{agent.Stderr}");
                if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"timed out waiting for: {what}\n{agent.Stderr}");
                await Task.Delay(100);
            }
        }
        string? Message(string name) =>
            server.TryGet(FakeResourceType.ExternalSecret, "tenant-bad", name)?["status"]?["conditions"]?[0]?["message"]?.GetValue<string>();
        string? Good() => server.TryGet(FakeResourceType.Secret, "tenant-good", "good")?["data"]?["k"]?.GetValue<string>();

        await UntilAsync(() => Good() == Convert.ToBase64String("v1"u8), "the other tenant's first sync");
        foreach (var (name, _) in Growth) await UntilAsync(() => Message(name) is not null, $"{name}'s condition");
        await UntilAsync(() => Message("find-open") is not null && Message("guarded") is not null, "the patterns' conditions");

        // the other tenant's remote value changes: the store's change (or its 2 s refresh) carries it while the bad ones keep retrying
        var store = server.TryGet(FakeResourceType.ClusterSecretStore, null, "shared")!;
        store["spec"] = new JsonObject { ["provider"] = AgentCluster.FakeProvider(("k", "v2")) };
        server.Replace(FakeResourceType.ClusterSecretStore, null, "shared", store);
        var changed = Stopwatch.StartNew();
        await UntilAsync(() => Good() == Convert.ToBase64String("v2"u8), "the other tenant's refresh with the changed value");
        var peakKiB = ProcessRun.PeakRssKiB(agent.ProcessId); // the high-water mark of the whole run, read while it lives
        output.WriteLine($"the other tenant's refresh carried the change after {changed.ElapsedMilliseconds} ms; agent peak resident set {peakKiB >> 10} MiB");

        foreach (var (name, _) in Growth)
        {
            Assert.Matches("(output limit|budget) of [0-9]+", Message(name));
            Assert.Null(server.TryGet(FakeResourceType.Secret, "tenant-bad", name));
        }
        Assert.Contains("find.name.regexp: invalid regular expression '(': error parsing regexp: missing closing ): `(`", Message("find-open"), StringComparison.Ordinal);
        Assert.Contains("namespaceRegexes: invalid regular expression '^tenant-(': error parsing regexp: missing closing ): `^tenant-(`",
            Message("guarded"), StringComparison.Ordinal);
        Assert.False(agent.HasExited, agent.Stderr);
        Assert.DoesNotContain("internal error", agent.Stdout + agent.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", agent.Stdout + agent.Stderr, StringComparison.Ordinal);
        Assert.InRange(peakKiB, 1, ChartLimitKiB);
    }
}
