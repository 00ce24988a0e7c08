using System.Text.Json.Nodes;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// A release's <c>canary:</c> strategy run by <c>release apply</c> and <c>release promote</c>, through the real
/// <c>secretskit</c> with the real helm 3.10.1 and Helm 4.1.4 against the Kubernetes API fakes, and a 127.0.0.1 server
/// standing in for the application's health URL and for Prometheus: a good canary ends with the stable release at the new
/// chart and no canary release; a bad metric at step 2 aborts (canary gone, the stable history unchanged, exit 1, the
/// record says aborted); <c>pause: {}</c> exits 12 and <c>promote --resume</c> goes on; SIGTERM during a pause leaves no
/// canary; a canary with <c>--secrets-as</c> is refused.
/// </summary>
public sealed class CanaryCliTests
{
    internal const string Query = "sum(rate(http_requests_total{release=\"backend-canary\",code=~\"5..\"}[1m]))";

    internal static string Promotion(string steps, string environments = "[staging]") => PromotionSandbox.PromotionYaml + $$"""
        strategies:
          - releases: [shop/backend]
            environments: {{environments}}
            canary:
              canaryRelease: backend-canary
              weightValue: canary.weight
              steps:
        {{steps}}

        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_good_canary_ends_with_the_stable_release_at_the_new_chart_and_no_canary_release(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        probe.Answer("/healthz", (200, """{"status": "ok"}"""));
        probe.Metric(Query, "0.001");
        await InstallStableAsync(s);
        NewChartVersion(s);
        WritePromotion(s, Promotion($$$"""
                    - setWeight: 10
                    - analysis: {helmTest: true, http: {url: "{{{probe.Url("/healthz")}}}", expectStatus: 200}}
                    - pause: {duration: 1s}
                    - setWeight: 50
                    - analysis: {prometheus: {address: "{{{probe.BaseAddress}}}", query: '{{{Query}}}', successCondition: "result < 0.01"}, interval: 1s, count: 2}
            """));

        var apply = await s.RunAsync("-e", "staging", "apply");

        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);
        Assert.Contains("canary: completed", apply.Stderr, StringComparison.Ordinal);
        Assert.Equal("pipeline-app-0.2.0", await DeployedChartAsync(s, "backend"));
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Staging), n => n.Contains("backend-canary", StringComparison.Ordinal));
        Assert.Equal(2, probe.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v1/query", StringComparison.Ordinal)));
        var strategy = Strategy(s, "staging");
        Assert.Equal("completed", strategy["outcome"]!.GetValue<string>());
        Assert.Equal(["install at weight 0", "setWeight 10", "analysis helmTest+http", "pause 1s", "setWeight 50", "analysis prometheus", "promote the stable release", "uninstall the canary"],
            StepNames(strategy));
        Assert.All(strategy["steps"]!.AsArray(), step => Assert.Equal("passed", step!["outcome"]!.GetValue<string>()));
        PromoteCliTests.AssertNoSecretIn(PromotionSandbox.RecordText(s.Staging, "staging"));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_bad_metric_at_step_2_uninstalls_the_canary_leaves_the_stable_history_unchanged_and_exits_1(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        probe.Metric(Query, "0.2");
        await InstallStableAsync(s);
        var before = StableRevisions(s);
        NewChartVersion(s);
        WritePromotion(s, Promotion($$$"""
                    - setWeight: 10
                    - analysis: {prometheus: {address: "{{{probe.BaseAddress}}}", query: '{{{Query}}}', successCondition: "result < 0.01"}}
                    - setWeight: 50
            """));

        var apply = await s.RunAsync("-e", "staging", "apply");

        Assert.True(apply.ExitCode == 1, apply.Stderr + apply.StdoutText);
        Assert.Contains("canary backend-canary aborted at step 2 (analysis prometheus): prometheus failed 1 of 1 measurement", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("result 0.2: result < 0.01 is false", apply.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Staging), n => n.Contains("backend-canary", StringComparison.Ordinal));
        Assert.Equal(before, StableRevisions(s));
        Assert.Equal("pipeline-app-0.1.0", await DeployedChartAsync(s, "backend"));
        Assert.Matches(@"backend\s+shop\s+.*canary aborted", apply.Stderr);
        var strategy = Strategy(s, "staging");
        Assert.Equal("aborted", strategy["outcome"]!.GetValue<string>());
        Assert.StartsWith("step 2 (analysis prometheus): prometheus failed", strategy["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["install at weight 0", "setWeight 10", "analysis prometheus", "abort: weight 0, uninstall the canary"], StepNames(strategy));
        Assert.All(strategy["steps"]!.AsArray(), step => Assert.True(step!["endedAt"]!.GetValue<DateTimeOffset>() >= step["startedAt"]!.GetValue<DateTimeOffset>()));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_pause_without_duration_exits_12_with_the_canary_at_its_weight_and_promote_resume_goes_on(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        probe.Answer("/healthz", (200, "{}"));
        WritePromotion(s, Promotion($$$"""
                    - setWeight: 20
                    - pause: {}
                    - setWeight: 60
                    - analysis: {http: {url: "{{{probe.Url("/healthz")}}}"}}
            """, environments: "[prod]"));
        var staging = await s.RunAsync("-e", "staging", "apply");
        Assert.True(staging.ExitCode == 0, staging.Stderr + staging.StdoutText);

        var paused = await s.RunAsync("-e", "prod", "promote");

        Assert.True(paused.ExitCode == 12, paused.Stderr + paused.StdoutText);
        Assert.Contains("canary: paused at step 2 of 4", paused.Stderr, StringComparison.Ordinal);
        Assert.Contains("sh.helm.release.v1.backend-canary.v2", PromotionSandbox.HelmReleases(s.Prod)); // installed at 0, then 20
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Prod), n => n.StartsWith("sh.helm.release.v1.backend.", StringComparison.Ordinal));
        Assert.Empty(probe.Requests);
        var strategy = Strategy(s, "prod");
        Assert.Equal(("paused", 2), (strategy["outcome"]!.GetValue<string>(), strategy["nextStep"]!.GetValue<int>()));

        var resumed = await s.RunAsync("-e", "prod", "promote", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.StdoutText);
        Assert.Contains("shop/backend: resuming its canary at step 3", resumed.Stderr, StringComparison.Ordinal);
        Assert.Single(probe.Requests);
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Prod), n => n.Contains("backend-canary", StringComparison.Ordinal));
        Assert.Contains("sh.helm.release.v1.backend.v1", PromotionSandbox.HelmReleases(s.Prod));
        Assert.Equal(["setWeight 60", "analysis http", "promote the stable release", "uninstall the canary"], StepNames(Strategy(s, "prod")));

        var again = await s.RunAsync("-e", "prod", "promote", "--resume");
        Assert.True(again.ExitCode == 1, again.Stderr);
        Assert.Contains("--resume: the release record of prod", again.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task SIGTERM_during_a_pause_step_sets_weight_0_and_uninstalls_the_canary(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await InstallStableAsync(s);
        var before = StableRevisions(s);
        NewChartVersion(s);
        WritePromotion(s, Promotion("""
                    - setWeight: 30
                    - pause: {duration: 10m}
            """));

        var run = await ReleaseSignalCliTests.SignalledRunAsync(["release", "-e", "staging", "apply", "--skip-unittest"], s.Env(), s.WorkDir, "TERM",
            () => true, stderrLine: "canary: pause 10m0s");

        Assert.True(run.ExitCode == 143, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.False(PromotionSandbox.HelmReleases(s.Staging).Any(n => n.Contains("backend-canary", StringComparison.Ordinal)), run.Stderr);
        Assert.Equal(before, StableRevisions(s));
        // the cleanup's weight 0 made the canary's third revision (install at 0, 30, then 0), which the uninstall removed
        Assert.Contains(s.Staging.Requests, r => r.Method == "DELETE" && r.Path == "/api/v1/namespaces/shop/secrets/sh.helm.release.v1.backend-canary.v3");
        Assert.Empty(Directory.GetFileSystemEntries(s.TempDirectory));
    }

    [Fact]
    public async Task A_canary_with_secrets_as_is_refused_before_anything_is_deployed()
    {
        await using var s = await PromotionSandbox.StartAsync();
        WritePromotion(s, Promotion("            - setWeight: 10"));

        var sealedRun = await s.RunAsync("-e", "staging", "apply", "--secrets-as", "sopssecret", "--age", TestKeys.AgeRecipient, "--key-secret", "sops-age-key/identity.agekey");

        Assert.True(sealedRun.ExitCode == 1, sealedRun.Stderr);
        Assert.Contains("shop/backend in staging: a canary: strategy is not run with --secrets-as yet", sealedRun.Stderr, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.Writes(s.Staging));
    }

    /// <summary>The stable releases at chart 0.1.0 in staging, with no strategy.</summary>
    internal static async Task InstallStableAsync(PromotionSandbox s)
    {
        var apply = await s.RunAsync("-e", "staging", "apply");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);
    }

    /// <summary>The chart's next version (0.2.0), in the chart and in the state's <c>version:</c>.</summary>
    internal static void NewChartVersion(PromotionSandbox s)
    {
        var chart = Path.Combine(s.ChartDir, "Chart.yaml");
        File.WriteAllText(chart, File.ReadAllText(chart).Replace("version: 0.1.0", "version: 0.2.0", StringComparison.Ordinal));
        var state = Path.Combine(s.WorkDir, "secretskit-release.yaml");
        File.WriteAllText(state, File.ReadAllText(state).Replace("version: 0.1.0", "version: 0.2.0", StringComparison.Ordinal));
    }

    internal static void WritePromotion(PromotionSandbox s, string yaml) => s.WritePromotion(yaml);

    /// <summary>The stable backend's revisions helm keeps (its release Secrets).</summary>
    internal static List<string> StableRevisions(PromotionSandbox s) =>
        PromotionSandbox.HelmReleases(s.Staging).Where(n => n.StartsWith("sh.helm.release.v1.backend.", StringComparison.Ordinal)).ToList();

    /// <summary>The chart of the release's deployed revision, as <c>helm list</c> through the fake says it.</summary>
    internal static async Task<string> DeployedChartAsync(PromotionSandbox s, string release)
    {
        var list = await s.Helm.RunAsync(["list", "-n", "shop", "--kube-context", "staging", "-o", "json", "--filter", "^" + release + "$"], s.Env());
        Assert.True(list.ExitCode == 0, list.Stderr);
        return Assert.Single(JsonNode.Parse(list.StdoutText)!.AsArray())!["chart"]!.GetValue<string>();
    }

    internal static JsonObject Strategy(PromotionSandbox s, string environment) =>
        PromotionSandbox.Strategy(environment == "prod" ? s.Prod : s.Staging, environment, "backend");

    internal static List<string> StepNames(JsonObject strategy) => PromotionSandbox.StepNames(strategy);
}
