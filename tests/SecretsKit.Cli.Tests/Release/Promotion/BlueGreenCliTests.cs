using System.Text.Json.Nodes;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// A release's <c>blueGreen:</c> strategy run by <c>release apply</c>, <c>sync</c> and <c>promote</c>, through the real
/// <c>secretskit</c> with the real helm 3.10.1 and Helm 4.1.4 against the Kubernetes API fakes, and a 127.0.0.1 server
/// standing in for the application's health URL: the switch moves only after <c>prePromotion</c> passed; a failing
/// <c>postPromotion</c> switches back; a good run leaves the new color active and the old one scaled down; the switch as a
/// Service's selector label (the fake's stored Service); SIGTERM during a check leaves the old color active; promote runs
/// it past the gates; <c>--secrets-as</c> is refused.
/// </summary>
public sealed class BlueGreenCliTests
{
    internal const string Router = "frontend-router";
    private const string Label = "app.kubernetes.io/instance";

    internal static string Promotion(string checks, string switchTo = "{release: frontend-router, value: activeColor}", string environments = "[staging]") =>
        PromotionSandbox.PromotionYaml + $$"""
        strategies:
          - releases: [shop/frontend]
            environments: {{environments}}
            blueGreen:
              colors: [frontend-blue, frontend-green]
              switch: {{switchTo}}
        {{checks}}

        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_failing_prePromotion_leaves_the_old_color_active_and_the_router_untouched(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        probe.Answer("/healthz", (200, "{}"));
        s.WritePromotion(Promotion($$$"""
                  prePromotion: [{helmTest: true}, {http: {url: "{{{probe.Url("/healthz")}}}", expectStatus: 200}}]
            """));
        await FirstColorAsync(s);
        CanaryCliTests.NewChartVersion(s); // a change to deploy: an unchanged release keeps its active color
        var routerRevisions = Revisions(s, Router);
        probe.Answer("/healthz", (503, "{}"));

        var apply = await s.RunAsync("-e", "staging", "apply");

        Assert.True(apply.ExitCode == 1, apply.Stderr + apply.StdoutText);
        Assert.Contains("blue-green aborted at prePromotion http: http failed 1 of 1 measurement", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("the switch was not touched: frontend-blue stays active", apply.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"frontend\s+shop\s+.*blue-green aborted", apply.Stderr);
        Assert.Equal("frontend-blue", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
        Assert.Equal(routerRevisions, Revisions(s, Router));
        var strategy = PromotionSandbox.Strategy(s.Staging, "staging", "frontend");
        Assert.Equal(("aborted", "frontend-green"), (strategy["outcome"]!.GetValue<string>(), strategy["release"]!.GetValue<string>()));
        Assert.Equal(["read the active color", "deploy frontend-green", "prePromotion helmTest", "prePromotion http"], PromotionSandbox.StepNames(strategy));
        Assert.StartsWith("prePromotion http: http failed", strategy["failure"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_failing_postPromotion_switches_the_router_back_to_the_old_color_and_exits_1(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        s.WritePromotion(Promotion($$$"""
                  postPromotion: [{http: {url: "{{{probe.Url("/healthz")}}}", jsonPath: $.status, successCondition: "result == 'ok'"}}]
            """));
        probe.Answer("/healthz", (200, """{"status": "ok"}"""));
        await FirstColorAsync(s);
        CanaryCliTests.NewChartVersion(s); // a change to deploy: an unchanged release keeps its active color
        probe.Answer("/healthz", (200, """{"status": "degraded"}"""));

        var apply = await s.RunAsync("-e", "staging", "apply");

        Assert.True(apply.ExitCode == 1, apply.Stderr + apply.StdoutText);
        Assert.Contains("blue-green aborted at postPromotion http: http failed 1 of 1 measurement", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("switched back: frontend-blue is active again", apply.Stderr, StringComparison.Ordinal);
        Assert.Equal("frontend-blue", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
        var strategy = PromotionSandbox.Strategy(s.Staging, "staging", "frontend");
        Assert.Equal("aborted", strategy["outcome"]!.GetValue<string>());
        Assert.Equal(["read the active color", "deploy frontend-green", "switch to frontend-green", "postPromotion http", "abort: switch back to frontend-blue"],
            PromotionSandbox.StepNames(strategy));
        Assert.Equal("passed", strategy["steps"]![4]!["outcome"]!.GetValue<string>());
        Assert.Contains("sh.helm.release.v1.frontend-blue.v1", PromotionSandbox.HelmReleases(s.Staging)); // the old color was never scaled down
        Assert.DoesNotContain("sh.helm.release.v1.frontend-blue.v2", PromotionSandbox.HelmReleases(s.Staging));
    }

    [Theory]
    [InlineData(RealHelm.Version, "replicaCount")]
    [InlineData(RealHelm.Helm4Version, "uninstall")]
    public async Task A_good_run_leaves_the_new_color_active_and_the_old_one_scaled_down_after_the_delay(string helmVersion, string scaleDown)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        probe.Answer("/healthz", (200, "{}"));
        s.WritePromotion(Promotion($$$"""
                  prePromotion: [{helmTest: true}]
                  postPromotion: [{http: {url: "{{{probe.Url("/healthz")}}}", expectStatus: 200}}]
                  scaleDownDelay: 1s
                  scaleDown: {{{scaleDown}}}
            """));
        await FirstColorAsync(s);
        CanaryCliTests.NewChartVersion(s); // a change to deploy: an unchanged release keeps its active color

        var sync = await s.RunAsync("-e", "staging", "sync");

        Assert.True(sync.ExitCode == 0, sync.Stderr + sync.StdoutText);
        Assert.Contains("blue-green: frontend-blue is active; deploying frontend-green", sync.Stderr, StringComparison.Ordinal);
        Assert.Equal("frontend-green", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
        var strategy = PromotionSandbox.Strategy(s.Staging, "staging", "frontend");
        Assert.Equal("completed", strategy["outcome"]!.GetValue<string>());
        var last = scaleDown == "uninstall" ? "uninstall frontend-blue" : "scale down frontend-blue (replicaCount 0)";
        Assert.Equal(["read the active color", "deploy frontend-green", "prePromotion helmTest", "switch to frontend-green", "postPromotion http", "scaleDownDelay 1s", last],
            PromotionSandbox.StepNames(strategy));
        Assert.All(strategy["steps"]!.AsArray(), step => Assert.Equal("passed", step!["outcome"]!.GetValue<string>()));
        var delay = strategy["steps"]![5]!;
        Assert.True(delay["endedAt"]!.GetValue<DateTimeOffset>() - delay["startedAt"]!.GetValue<DateTimeOffset>() >= TimeSpan.FromSeconds(1));
        if (scaleDown == "uninstall")
        {
            Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Staging), n => n.Contains("frontend-blue", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(0, (await s.HelmValuesAsync("staging", "frontend-blue"))["replicaCount"]!.GetValue<int>());
        }
        Assert.Equal(2, (await s.HelmValuesAsync("staging", "frontend-green"))["replicaCount"]!.GetValue<int>()); // the release's staging values
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Staging), n => n.StartsWith("sh.helm.release.v1.frontend.", StringComparison.Ordinal));
        PromoteCliTests.AssertNoSecretIn(PromotionSandbox.RecordText(s.Staging, "staging"));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task The_Service_switch_patches_the_selector_label_to_the_new_color_and_back_after_a_failed_check(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        probe.Answer("/healthz", (200, "{}"));
        var services = s.Staging.Types.Single(t => t.Plural == "services");
        s.Staging.Create(FakeResourceType.Namespace, null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "shop" } });
        s.Staging.Create(services, "shop", JsonNode.Parse($$$"""
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "frontend", "namespace": "shop"},
             "spec": {"selector": {"app.kubernetes.io/name": "pipeline-app", "{{{Label}}}": "frontend"}, "ports": [{"port": 8080}]}}
            """)!.AsObject());
        s.WritePromotion(Promotion($$$"""
                  postPromotion: [{http: {url: "{{{probe.Url("/healthz")}}}", expectStatus: 200}}]
            """, switchTo: $"{{service: shop/frontend, selectorLabel: {Label}}}"));

        var first = await s.RunAsync("-e", "staging", "apply");

        Assert.True(first.ExitCode == 0, first.Stderr + first.StdoutText);
        Assert.Contains("blue-green: frontend is active; deploying frontend-blue", first.Stderr, StringComparison.Ordinal);
        Assert.Equal("frontend-blue", Selector(s, services));
        Assert.Equal("pipeline-app", s.Staging.TryGet(services, "shop", "frontend")!["spec"]!["selector"]!["app.kubernetes.io/name"]!.GetValue<string>());

        probe.Answer("/healthz", (500, "{}"));
        CanaryCliTests.NewChartVersion(s);
        var second = await s.RunAsync("-e", "staging", "apply");

        Assert.True(second.ExitCode == 1, second.Stderr + second.StdoutText);
        Assert.Contains("switched back: frontend-blue is active again", second.Stderr, StringComparison.Ordinal);
        Assert.Equal("frontend-blue", Selector(s, services));
        // one PATCH per switch: to blue, to green, back to blue; no helm release stands for the switch
        Assert.Equal(3, s.Staging.Requests.Count(r => r.Method == "PATCH" && r.Path == "/api/v1/namespaces/shop/services/frontend"));
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Staging), n => n.Contains(Router, StringComparison.Ordinal));
        Assert.Equal("aborted", PromotionSandbox.Strategy(s.Staging, "staging", "frontend")["outcome"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task SIGTERM_during_a_postPromotion_check_switches_back_to_the_old_color(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        s.WritePromotion(Promotion("""
                  postPromotion: [{command: [sh, -c, "test ! -e hold || sleep 600"], timeout: 10m}]
            """));
        await FirstColorAsync(s);
        CanaryCliTests.NewChartVersion(s); // a change to deploy: an unchanged release keeps its active color
        File.WriteAllText(Path.Combine(s.WorkDir, "hold"), "");

        var run = await ReleaseSignalCliTests.SignalledRunAsync(["release", "-e", "staging", "apply", "--skip-unittest"], s.Env(), s.WorkDir, "TERM",
            () => true, stderrLine: "blue-green: postPromotion command against frontend-green");

        Assert.True(run.ExitCode == 143, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.Equal("frontend-blue", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
        Assert.Contains("blue-green: postPromotion command against frontend-green", run.Stderr, StringComparison.Ordinal); // after the switch
        // the signal ends the check (its command is stopped): the switch back runs past it
        Assert.Contains("switched back: frontend-blue is active again", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, Revisions(s, Router).Count); // installed at blue, switched to green, switched back: no call more
        // an interrupted run writes no record (as any interrupted run): the record is still the first run's
        Assert.Equal("frontend-blue", PromotionSandbox.Strategy(s.Staging, "staging", "frontend")["release"]!.GetValue<string>());
        Assert.Empty(Directory.GetFileSystemEntries(s.TempDirectory));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Promote_runs_the_blue_green_of_the_target_environment_past_its_gates(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        s.WritePromotion(Promotion("""
                  prePromotion: [{helmTest: true}]
            """, environments: "[prod]"));
        var staging = await s.RunAsync("-e", "staging", "apply");
        Assert.True(staging.ExitCode == 0, staging.Stderr + staging.StdoutText);
        Assert.Contains("sh.helm.release.v1.frontend.v1", PromotionSandbox.HelmReleases(s.Staging)); // no strategy in staging: the plain release

        var promote = await s.RunAsync("-e", "prod", "promote");

        Assert.True(promote.ExitCode == 0, promote.Stderr + promote.StdoutText);
        Assert.Equal("frontend-blue", (await s.HelmValuesAsync("prod", Router))["activeColor"]!.GetValue<string>());
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Prod), n => n.StartsWith("sh.helm.release.v1.frontend.", StringComparison.Ordinal));
        var strategy = PromotionSandbox.Strategy(s.Prod, "prod", "frontend");
        Assert.Equal(("completed", "blueGreen"), (strategy["outcome"]!.GetValue<string>(), strategy["kind"]!.GetValue<string>()));
        Assert.Equal(["read the active color", "deploy frontend-blue", "prePromotion helmTest", "switch to frontend-blue"], PromotionSandbox.StepNames(strategy));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task An_unchanged_release_deploys_nothing_and_keeps_its_active_color(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        s.WritePromotion(Promotion("""
                  prePromotion: [{helmTest: true}]
            """));
        await FirstColorAsync(s);
        var releases = PromotionSandbox.HelmReleases(s.Staging).Order(StringComparer.Ordinal).ToList();

        var again = await s.RunAsync("-e", "staging", "apply");

        Assert.True(again.ExitCode == 0, again.Stderr + again.StdoutText);
        Assert.Contains("blue-green: frontend-blue is active and runs this chart and these values: nothing to deploy", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(releases, PromotionSandbox.HelmReleases(s.Staging).Order(StringComparer.Ordinal).ToList()); // no revision of a color or the router
        Assert.Equal("frontend-blue", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
        var strategy = PromotionSandbox.Strategy(s.Staging, "staging", "frontend");
        Assert.Equal(("unchanged", "frontend-blue"), (strategy["outcome"]!.GetValue<string>(), strategy["release"]!.GetValue<string>()));

        CanaryCliTests.NewChartVersion(s);
        var changed = await s.RunAsync("-e", "staging", "apply");

        Assert.True(changed.ExitCode == 0, changed.Stderr + changed.StdoutText);
        Assert.Equal("frontend-green", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_blue_green_with_secrets_as_is_refused_before_anything_is_deployed()
    {
        await using var s = await PromotionSandbox.StartAsync();
        s.WritePromotion(Promotion(""));

        var run = await s.RunAsync("-e", "staging", "apply", "--secrets-as", "sopssecret", "--age", TestKeys.AgeRecipient, "--key-secret", "sops-age-key/identity.agekey");

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Contains("shop/frontend in staging: a blueGreen: strategy is not run with --secrets-as yet (its colors would get placeholders", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.Writes(s.Staging));
    }

    /// <summary>The first run: no router and no color yet, so the first color is deployed and the router installed pointing at it.</summary>
    internal static async Task FirstColorAsync(PromotionSandbox s)
    {
        var apply = await s.RunAsync("-e", "staging", "apply");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);
        Assert.Contains("blue-green: no color is active; deploying frontend-blue", apply.Stderr, StringComparison.Ordinal);
        Assert.Equal("frontend-blue", (await s.HelmValuesAsync("staging", Router))["activeColor"]!.GetValue<string>());
    }

    /// <summary>The revisions helm keeps of a release on staging (its release Secrets).</summary>
    internal static List<string> Revisions(PromotionSandbox s, string release) =>
        PromotionSandbox.HelmReleases(s.Staging).Where(n => n.StartsWith($"sh.helm.release.v1.{release}.", StringComparison.Ordinal)).ToList();

    private static string Selector(PromotionSandbox s, FakeResourceType services) =>
        s.Staging.TryGet(services, "shop", "frontend")!["spec"]!["selector"]![Label]!.GetValue<string>();
}
