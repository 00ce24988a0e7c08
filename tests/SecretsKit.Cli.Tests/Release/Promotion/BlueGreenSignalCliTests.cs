namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// SIGTERM at the steps of a release's <c>blueGreen:</c> strategy before and after the switch, through the real
/// <c>secretskit</c> with the real helm 3.10.1 and Helm 4.1.4 against the Kubernetes API fake (a signal during a
/// <c>postPromotion</c> check: <see cref="BlueGreenCliTests"/>). The signal is sent when the step is seen in flight (the API
/// fake holding the idle color's Deployment write, a check's command waiting, the run saying it waits out
/// <c>scaleDownDelay</c>), never after a sleep. Before the switch the old color stays active and the router untouched;
/// during <c>scaleDownDelay</c> (after the last check) the new color stays active and the old one keeps running.
/// </summary>
public sealed class BlueGreenSignalCliTests
{
    public static TheoryData<string, string> Steps() => PromotionSandbox.OnBothHelms("deploy the idle color", "prePromotion check", "scaleDownDelay");

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task SIGTERM_at_a_blue_green_step_exits_143_with_one_color_fully_active(string step, string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        var release = new TaskCompletionSource();
        try
        {
            s.WritePromotion(BlueGreenCliTests.Promotion("""
                      prePromotion: [{command: [sh, -c, "test ! -e hold || sleep 600"], timeout: 10m}]
                      scaleDownDelay: 10m
                """));
            await BlueGreenCliTests.FirstColorAsync(s);
            CanaryCliTests.NewChartVersion(s);
            var router = BlueGreenCliTests.Revisions(s, BlueGreenCliTests.Router);
            Func<bool> inFlight = () => true;
            string? line = null;
            switch (step)
            {
                case "deploy the idle color":
                    // the idle color's Deployment: created by helm 3 (a POST to the collection), applied by Helm 4 (a PATCH of
                    // its name); the stable backend's upgrade before it writes only its own
                    var hold = s.Staging.HoldRequest((method, path) => method != "GET" && path.Contains("/namespaces/shop/deployments", StringComparison.Ordinal)
                        && !path.Contains("/deployments/backend", StringComparison.Ordinal), release.Task);
                    inFlight = () => hold.Arrived;
                    break;
                case "prePromotion check":
                    File.WriteAllText(Path.Combine(s.WorkDir, "hold"), "");
                    line = "blue-green: prePromotion command against frontend-green";
                    break;
                default:
                    line = "blue-green: frontend-blue stays 10m0s (scaleDownDelay)";
                    break;
            }

            var run = await ReleaseSignalCliTests.SignalledRunAsync(["release", "-e", "staging", "apply", "--skip-unittest"], s.Env(), s.WorkDir, "TERM",
                inFlight, stderrLine: line);
            release.TrySetResult();

            Assert.True(run.ExitCode == 143, $"exit {run.ExitCode}\n{run.Stderr}");
            var active = step == "scaleDownDelay" ? "frontend-green" : "frontend-blue";
            Assert.Equal(active, (await s.HelmValuesAsync("staging", BlueGreenCliTests.Router))["activeColor"]!.GetValue<string>());
            if (step != "scaleDownDelay") Assert.Equal(router, BlueGreenCliTests.Revisions(s, BlueGreenCliTests.Router)); // the switch never moved
            Assert.DoesNotContain("switched back", run.Stderr, StringComparison.Ordinal);
            // the old color keeps running: never scaled down or uninstalled by an interrupted run
            Assert.Equal(["sh.helm.release.v1.frontend-blue.v1"], BlueGreenCliTests.Revisions(s, "frontend-blue"));
            Assert.Empty(Directory.GetFileSystemEntries(s.TempDirectory));
            foreach (var secret in PromotionSandbox.Secrets) Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
