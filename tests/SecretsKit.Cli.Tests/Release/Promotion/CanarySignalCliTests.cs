using System.Text.Json.Nodes;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// SIGTERM at each step of a release's <c>canary:</c> strategy, through the real <c>secretskit</c> with the real helm
/// 3.10.1 and Helm 4.1.4 against the Kubernetes API fake: the canary's install at weight 0, a <c>setWeight</c> upgrade,
/// an analysis (its Prometheus or HTTP check in flight), the stable release's upgrade and the canary's uninstall (a timed
/// pause: <see cref="CanaryCliTests"/>). The signal is sent when the step is seen in flight (the API fake holding one of
/// the step's writes, the probe server holding the check's request), never after a sleep. After each: exit 143 (128 +
/// SIGTERM), no canary release and no canary object (so no canary weight) on the cluster, and the stable release untouched
/// (its history unchanged) when the signal came before its upgrade; during that upgrade helm's own <c>--atomic</c> rolls
/// it back, so it runs the previous chart again as a new revision; after it, it runs the new chart.
/// </summary>
public sealed class CanarySignalCliTests
{
    /// <summary>The canary's objects: the release <c>backend-canary</c> of the chart <c>pipeline-app</c>.</summary>
    private const string CanaryObject = "backend-canary-pipeline-app";

    public static TheoryData<string, string> Steps() => PromotionSandbox.OnBothHelms("install at weight 0", "setWeight 30", "analysis prometheus", "analysis http", "promote the stable release", "uninstall the canary");

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task SIGTERM_at_a_canary_step_exits_143_with_no_canary_left_and_the_stable_release_consistent(string step, string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        var release = new TaskCompletionSource();
        try
        {
            probe.Metric(CanaryCliTests.Query, "0.001");
            probe.Answer("/healthz", (200, "{}"));
            EnableIngress(s); // the canary's weight is its Ingress' annotation: a setWeight writes it
            await CanaryCliTests.InstallStableAsync(s);
            var before = CanaryCliTests.StableRevisions(s);
            CanaryCliTests.NewChartVersion(s);
            CanaryCliTests.WritePromotion(s, CanaryCliTests.Promotion($$$"""
                        - setWeight: 30
                        - analysis: {prometheus: {address: "{{{probe.BaseAddress}}}", query: '{{{CanaryCliTests.Query}}}', successCondition: "result < 0.01"}}
                        - analysis: {http: {url: "{{{probe.Url("/healthz")}}}", expectStatus: 200}}
                """));
            var inFlight = Hold(step, s, probe, release.Task);

            var run = await ReleaseSignalCliTests.SignalledRunAsync(["release", "-e", "staging", "apply", "--skip-unittest"], s.Env(), s.WorkDir, "TERM", inFlight);
            release.TrySetResult();

            Assert.True(run.ExitCode == 143, $"exit {run.ExitCode}\n{run.Stderr}");
            Assert.False(PromotionSandbox.HelmReleases(s.Staging).Any(n => n.Contains("backend-canary", StringComparison.Ordinal)), run.Stderr);
            var status = await s.Helm.RunAsync(["status", "backend-canary", "-n", "shop", "--kube-context", "staging"], s.Env());
            Assert.True(status.ExitCode != 0 && status.Stderr.Contains("not found", StringComparison.Ordinal), status.Stderr + status.StdoutText);
            Assert.Null(s.Staging.TryGet(Ingresses(s), "shop", CanaryObject)); // no canary weight routes anything
            Assert.Null(s.Staging.TryGet(FakeResourceType.Deployment, "shop", CanaryObject));
            Assert.Matches(@"backend\s+shop\s+.*interrupted", run.Stderr);
            var (chart, stableKept) = step switch
            {
                "promote the stable release" => ("pipeline-app-0.1.0", false), // helm's --atomic rolled the interrupted upgrade back
                "uninstall the canary" => ("pipeline-app-0.2.0", false),
                _ => ("pipeline-app-0.1.0", true),
            };
            Assert.Equal(chart, await CanaryCliTests.DeployedChartAsync(s, "backend"));
            Assert.Equal("deployed", await StableStatusAsync(s));
            if (stableKept) Assert.Equal(before, CanaryCliTests.StableRevisions(s));
            Assert.Empty(Directory.GetFileSystemEntries(s.TempDirectory));
            foreach (var secret in PromotionSandbox.Secrets) Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    /// <summary>Holds the step's first write (or the check's request) until <paramref name="release"/>; true once it is held.</summary>
    private static Func<bool> Hold(string step, PromotionSandbox s, FakeProbeServer probe, Task release)
    {
        var cluster = s.Staging;
        Func<string, string, bool>? write = step switch
        {
            // the run's first Ingress write: the canary's, at weight 0 (the stable one exists since its install)
            "install at weight 0" => (method, path) => method != "GET" && path.Contains("/ingresses", StringComparison.Ordinal),
            // a write of the canary's Ingress once it exists: its weight
            "setWeight 30" => (method, path) => method != "GET" && path.Contains("/ingresses/" + CanaryObject, StringComparison.Ordinal)
                && cluster.TryGet(Ingresses(s), "shop", CanaryObject) is not null,
            "promote the stable release" => (method, path) => method != "GET" && path.Contains("/deployments/backend-pipeline-app", StringComparison.Ordinal),
            "uninstall the canary" => (method, path) => method == "DELETE" && path.Contains(CanaryObject, StringComparison.Ordinal),
            _ => null,
        };
        if (write is not null)
        {
            var hold = cluster.HoldRequest(write, release);
            return () => hold.Arrived;
        }
        var check = step == "analysis prometheus" ? "/api/v1/query" : "/healthz";
        probe.InjectFault(FakeFault.Held(release), "GET " + check);
        return () => probe.Requests.Any(r => r.PathAndQuery.StartsWith(check, StringComparison.Ordinal));
    }

    /// <summary>Turns the sandbox chart's Ingress on (off in the example).</summary>
    private static void EnableIngress(PromotionSandbox s)
    {
        var values = Path.Combine(s.ChartDir, "values.yaml");
        var text = File.ReadAllText(values);
        Assert.Contains("ingress:\n  enabled: false\n", text, StringComparison.Ordinal);
        File.WriteAllText(values, text.Replace("ingress:\n  enabled: false\n", "ingress:\n  enabled: true\n", StringComparison.Ordinal));
    }

    private static FakeResourceType Ingresses(PromotionSandbox s) => s.Staging.Types.Single(t => t.Plural == "ingresses");

    /// <summary>The stable backend's status as <c>helm status</c> says it (deployed, failed, pending-upgrade, …).</summary>
    private static async Task<string> StableStatusAsync(PromotionSandbox s)
    {
        var status = await s.Helm.RunAsync(["status", "backend", "-n", "shop", "--kube-context", "staging", "-o", "json"], s.Env());
        Assert.True(status.ExitCode == 0, status.Stderr);
        return JsonNode.Parse(status.StdoutText)!["info"]!["status"]!.GetValue<string>();
    }
}
