using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// <c>release -e live promote</c> for a stage of three environments on three clusters (<c>prod</c>, <c>prod-us</c>,
/// <c>prod-ap</c>, each its own Kubernetes API fake), through the real <c>secretskit</c> and the real helm 3.10.1 and
/// Helm 4.1.4, when the second environment fails (its gate refuses): with <c>onFailure: stop</c> the first cluster keeps
/// the new chart and the third is not touched; with <c>rollback-done</c> the first (and, in parallel, the third) is
/// rolled back to the revision it ran before, by one helm rollback per release under its own lock, and its record says
/// <c>rollback</c>; the exit code is the failing environment's (10).
/// </summary>
public sealed class StageFanOutRollbackCliTests
{
    private static string Promotion(string order, string onFailure) => $$"""
        stages:
          - {name: dev, environments: [dev]}
          - {name: staging, environments: [staging], from: dev}
          - name: live
            environments: [prod, prod-us, prod-ap]
            from: staging
            gates: {sourceVerified: true, sameChart: true, secretKeys: same}
            fanOut: {order: {{order}}, onFailure: {{onFailure}} }
        lock: {namespace: secretskit-system, ttl: 60s, wait: 0s}

        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Stop_leaves_the_first_cluster_promoted_and_the_third_untouched(string helm)
    {
        await using var s = await PreparedAsync(helm, "sequential", "stop");
        var promote = await s.RunAsync("-e", "live", "promote");
        Assert.True(promote.ExitCode == 10, promote.Stderr + promote.StdoutText);
        Assert.Contains("secretskit: error: gate secretKeys: shop/backend in prod-us has secrets.extraKey that staging lacks", promote.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: stage live: not run after a failure (onFailure: stop): prod-ap\n", promote.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("stage live: rollback", promote.Stderr, StringComparison.Ordinal);
        Assert.Equal(NewPeriod, ProbePeriod(s.Prod));
        Assert.Contains("sh.helm.release.v1.backend.v2", PromotionSandbox.HelmReleases(s.Prod));
        Assert.Equal("promote", PromotionSandbox.Record(s.Prod, "prod")!["command"]!.GetValue<string>());
        var prodAp = s.Cluster("prod-ap");
        Assert.Equal(OldPeriod, ProbePeriod(prodAp));
        Assert.DoesNotContain("sh.helm.release.v1.backend.v2", PromotionSandbox.HelmReleases(prodAp));
        Assert.Equal("apply", PromotionSandbox.Record(prodAp, "prod-ap")!["command"]!.GetValue<string>());
        Assert.Empty(PromotionSandbox.HelmReleases(s.Cluster("prod-us")));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Rollback_done_takes_the_first_cluster_back_to_its_previous_revision_and_records_it(string helm)
    {
        await using var s = await PreparedAsync(helm, "sequential", "rollback-done");
        var promote = await s.RunAsync("-e", "live", "promote");
        Assert.True(promote.ExitCode == 10, promote.Stderr + promote.StdoutText);
        Assert.Contains("secretskit: stage live: not run after a failure (onFailure: rollback-done): prod-ap\n", promote.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: stage live: rollback prod (promote of this run, after prod-us failed; onFailure: rollback-done)\n", promote.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: stage live: rolled back (onFailure: rollback-done): prod\n", promote.Stderr, StringComparison.Ordinal);
        AssertRolledBack(s.Prod, "prod");
        var prodAp = s.Cluster("prod-ap");
        Assert.Equal(OldPeriod, ProbePeriod(prodAp));
        Assert.Equal("apply", PromotionSandbox.Record(prodAp, "prod-ap")!["command"]!.GetValue<string>());
        Assert.Empty(PromotionSandbox.HelmReleases(s.Cluster("prod-us")));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Rollback_done_in_parallel_takes_back_every_environment_the_run_promoted(string helm)
    {
        await using var s = await PreparedAsync(helm, "parallel", "rollback-done");
        var promote = await s.RunAsync("-e", "live", "promote", "--concurrency", "3");
        Assert.True(promote.ExitCode == 10, promote.Stderr + promote.StdoutText);
        Assert.Contains("after prod-us failed; onFailure: rollback-done", promote.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"stage live: rolled back \(onFailure: rollback-done\): (prod, prod-ap|prod-ap, prod)\n", promote.Stderr);
        AssertRolledBack(s.Prod, "prod");
        AssertRolledBack(s.Cluster("prod-ap"), "prod-ap");
    }

    internal const int OldPeriod = 10;
    internal const int NewPeriod = 11;

    /// <summary>
    /// staging, prod and prod-ap at revision 1 of the chart as it is; then a chart change (the probes' period) that
    /// staging verifies at revision 2; prod-us has a secret key staging lacks, so its gate refuses it.
    /// </summary>
    private static async Task<PromotionSandbox> PreparedAsync(string helm, string order, string onFailure)
    {
        var s = await PromotionSandbox.StartAsync(helm, Promotion(order, onFailure), "prod-us", "prod-ap");
        try
        {
            await StageFanOutCliTests.AddEnvironmentAsync(s, "prod-us", like: "prod");
            await StageFanOutCliTests.AddEnvironmentAsync(s, "prod-ap", like: "prod");
            await AppliedThenChangedAsync(s, "prod", "prod-ap");
            var set = await CliRunner.RunAsync(["set", "secrets/prod-us/secrets.yaml", "[\"secrets\"][\"extraKey\"]", "\"demo-prod-us-extra-5d2c\""], s.Env(), cwd: s.WorkDir);
            Assert.True(set.ExitCode == 0, set.Stderr);
            return s;
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// staging and <paramref name="environments"/> at revision 1 of the chart as it is; then a chart change (the probes'
    /// period) that staging verifies at revision 2.
    /// </summary>
    internal static async Task AppliedThenChangedAsync(PromotionSandbox s, params string[] environments)
    {
        foreach (var environment in (string[])["staging", .. environments])
        {
            var apply = await s.RunAsync("-e", environment, "apply");
            Assert.True(apply.ExitCode == 0, environment + ": " + apply.Stderr + apply.StdoutText);
        }
        var values = Path.Combine(s.ChartDir, "values.yaml");
        var text = File.ReadAllText(values);
        Assert.Contains($"  periodSeconds: {OldPeriod}\n", text, StringComparison.Ordinal);
        File.WriteAllText(values, text.Replace($"  periodSeconds: {OldPeriod}\n", $"  periodSeconds: {NewPeriod}\n", StringComparison.Ordinal));
        var staging = await s.RunAsync("-e", "staging", "apply");
        Assert.True(staging.ExitCode == 0, staging.Stderr + staging.StdoutText);
        Assert.Equal(NewPeriod, ProbePeriod(s.Staging));
    }

    /// <summary>The cluster runs the chart as it was before the change again, as revision 3 (helm's rollback to 1), and the record says so.</summary>
    private static void AssertRolledBack(FakeKubeApiServer cluster, string environment)
    {
        Assert.Equal(OldPeriod, ProbePeriod(cluster));
        Assert.Contains("sh.helm.release.v1.backend.v3", PromotionSandbox.HelmReleases(cluster));
        Assert.DoesNotContain("sh.helm.release.v1.backend.v4", PromotionSandbox.HelmReleases(cluster));
        var record = PromotionSandbox.Record(cluster, environment)!;
        Assert.Equal("rollback", record["command"]!.GetValue<string>());
        Assert.Equal("passed", record["outcome"]!.GetValue<string>());
        Assert.Equal("live", record["stage"]!.GetValue<string>());
        var backend = record["releases"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "backend")!;
        Assert.Equal("rolled back to 1", backend["result"]!.GetValue<string>());
        Assert.Equal(3, backend["revision"]!.GetValue<int>());
        Assert.Equal("passed", backend["stages"]!.AsArray().Single(x => x!["name"]!.GetValue<string>() == "rollback")!["outcome"]!.GetValue<string>());
        PromoteCliTests.AssertNoSecretIn(PromotionSandbox.RecordText(cluster, environment));
        Assert.Null(PromotionSandbox.Lease(cluster, environment)!["spec"]?["holderIdentity"]);
    }

    /// <summary>The backend Deployment's liveness probe period on <paramref name="cluster"/>.</summary>
    internal static int ProbePeriod(FakeKubeApiServer cluster)
    {
        var deployment = cluster.TryGet(FakeResourceType.Deployment, "shop", "backend-pipeline-app");
        Assert.NotNull(deployment);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        return container["livenessProbe"]!["periodSeconds"]!.GetValue<int>();
    }
}
