using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// <c>release -e live promote</c> over two clusters (<c>live: [prod, prod-us]</c>, two Kubernetes API fakes) when the
/// release has a <c>canary:</c> strategy in both, through the real <c>secretskit</c> and the real helm 3.10.1 and Helm
/// 4.1.4, with a good metric for prod's canary and a bad one for prod-us's: prod-us's canary aborts (canary gone, its
/// stable release untouched) and the stage exits 1; with <c>onFailure: stop</c> prod keeps the new chart with no canary,
/// with <c>rollback-done</c> prod is rolled back to the revision it ran before.
/// </summary>
public sealed class StageFanOutCanaryCliTests
{
    /// <summary>The stage <c>live: [prod, prod-us]</c>, sequential, with <paramref name="onFailure"/>.</summary>
    private static string Promotion(string onFailure) =>
        StageFanOutCliTests.Promotion.Replace("onFailure: stop}", $"onFailure: {onFailure}}}", StringComparison.Ordinal);

    /// <summary>The stage's promotion file with the canaries (written once the clusters run the old chart without one).</summary>
    private static string WithCanaries(string onFailure, Uri good, Uri bad) =>
        Promotion(onFailure) + "strategies:\n" + Canary("prod", good) + Canary("prod-us", bad) + "\n";

    private static string Canary(string environment, Uri prometheus) => $$$"""
          - releases: [shop/backend]
            environments: [{{{environment}}}]
            canary:
              canaryRelease: backend-canary
              weightValue: canary.weight
              steps:
                - setWeight: 20
                - analysis: {prometheus: {address: "{{{prometheus}}}", query: '{{{CanaryCliTests.Query}}}', successCondition: "result < 0.01"}}

        """;

    [Theory]
    [InlineData(RealHelm.Version, "stop")]
    [InlineData(RealHelm.Helm4Version, "stop")]
    [InlineData(RealHelm.Version, "rollback-done")]
    [InlineData(RealHelm.Helm4Version, "rollback-done")]
    public async Task A_bad_metric_in_the_second_clusters_canary_aborts_it_and_the_first_is_kept_or_rolled_back(string helm, string onFailure)
    {
        await using var good = await FakeProbeServer.StartAsync();
        await using var bad = await FakeProbeServer.StartAsync();
        good.Metric(CanaryCliTests.Query, "0.001");
        bad.Metric(CanaryCliTests.Query, "0.2");
        await using var s = await PreparedAsync(helm, Promotion(onFailure));
        CanaryCliTests.WritePromotion(s, WithCanaries(onFailure, good.BaseAddress, bad.BaseAddress));
        var prodUs = s.Cluster("prod-us");
        var prodUsBefore = PromotionSandbox.HelmReleases(prodUs);

        var promote = await s.RunAsync("-e", "live", "promote");

        Assert.True(promote.ExitCode == 1, promote.Stderr + promote.StdoutText);
        Assert.Contains("canary: completed", promote.Stderr, StringComparison.Ordinal); // prod's
        Assert.Contains("canary backend-canary aborted at step 2 (analysis prometheus): prometheus failed 1 of 1 measurement", promote.Stderr, StringComparison.Ordinal);
        Assert.Single(good.Requests);
        Assert.Single(bad.Requests);
        // prod-us: the canary gone, the stable release as it was
        Assert.Equal(prodUsBefore, PromotionSandbox.HelmReleases(prodUs));
        Assert.Equal(StageFanOutRollbackCliTests.OldPeriod, StageFanOutRollbackCliTests.ProbePeriod(prodUs));
        Assert.Null(prodUs.TryGet(FakeResourceType.Deployment, "shop", "backend-canary-pipeline-app"));
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Prod), n => n.Contains("backend-canary", StringComparison.Ordinal));
        Assert.Null(s.Prod.TryGet(FakeResourceType.Deployment, "shop", "backend-canary-pipeline-app"));
        if (onFailure == "stop")
        {
            Assert.DoesNotContain("stage live: rollback", promote.Stderr, StringComparison.Ordinal);
            Assert.Equal(StageFanOutRollbackCliTests.NewPeriod, StageFanOutRollbackCliTests.ProbePeriod(s.Prod));
            Assert.Contains("sh.helm.release.v1.backend.v2", PromotionSandbox.HelmReleases(s.Prod));
            Assert.Equal("promote", PromotionSandbox.Record(s.Prod, "prod")!["command"]!.GetValue<string>());
        }
        else
        {
            Assert.Contains("secretskit: stage live: rolled back (onFailure: rollback-done): prod\n", promote.Stderr, StringComparison.Ordinal);
            Assert.Equal(StageFanOutRollbackCliTests.OldPeriod, StageFanOutRollbackCliTests.ProbePeriod(s.Prod));
            Assert.Contains("sh.helm.release.v1.backend.v3", PromotionSandbox.HelmReleases(s.Prod));
            Assert.DoesNotContain("sh.helm.release.v1.backend.v4", PromotionSandbox.HelmReleases(s.Prod));
            Assert.Equal("rollback", PromotionSandbox.Record(s.Prod, "prod")!["command"]!.GetValue<string>());
        }
    }

    /// <summary>staging, prod and prod-us at revision 1 of the chart as it is; then a chart change (the probes' period) that staging verifies at revision 2.</summary>
    private static async Task<PromotionSandbox> PreparedAsync(string helm, string promotion)
    {
        var s = await PromotionSandbox.StartAsync(helm, promotion, "prod-us");
        try
        {
            await StageFanOutCliTests.AddEnvironmentAsync(s, "prod-us", like: "prod");
            await StageFanOutRollbackCliTests.AppliedThenChangedAsync(s, "prod", "prod-us");
            return s;
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }
}
