using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// <c>--resume</c> of a canary paused by <c>pause: {}</c>, through the real <c>secretskit</c> with the real helm 3.10.1 and
/// Helm 4.1.4 against the Kubernetes API fakes (<see cref="CanaryCliTests"/>' pattern): the record keeps a digest of the
/// chart and values at the pause (no secret in it); a values file or the chart changed since makes <c>apply --resume</c>
/// and <c>sync --resume</c> refuse with exit 1 before anything is deployed; restored, <c>sync --resume</c> goes on like
/// <c>apply --resume</c>.
/// </summary>
public sealed class CanaryResumeCliTests
{
    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Resume_refuses_a_changed_chart_or_values_before_deploying_and_sync_resume_goes_on_once_they_are_restored(string helmVersion)
    {
        await using var s = await PromotionSandbox.StartAsync(helmVersion);
        CanaryCliTests.WritePromotion(s, CanaryCliTests.Promotion("""
                    - setWeight: 20
                    - pause: {}
                    - setWeight: 60
            """));
        var paused = await s.RunAsync("-e", "staging", "apply");
        Assert.True(paused.ExitCode == 12, paused.Stderr + paused.StdoutText);
        var digest = CanaryCliTests.Strategy(s, "staging")["inputsDigest"]!.GetValue<string>();
        Assert.Matches("^sha256:[0-9a-f]{64}$", digest);
        PromoteCliTests.AssertNoSecretIn(PromotionSandbox.RecordText(s.Staging, "staging"));
        var writes = PromotionSandbox.Writes(s.Staging).Count;

        var values = Path.Combine(s.WorkDir, "values", "backend", "staging.yaml");
        var original = File.ReadAllText(values);
        File.WriteAllText(values, original.Replace("replicaCount: 2", "replicaCount: 3", StringComparison.Ordinal));
        var template = Path.Combine(s.ChartDir, "templates", "service.yaml");
        var chart = File.ReadAllText(template);
        foreach (var (verb, change) in new[] { ("apply", "values"), ("sync", "chart") })
        {
            if (change == "chart")
            {
                File.WriteAllText(values, original);
                File.WriteAllText(template, chart + "# a chart change after the pause\n");
            }
            var refused = await s.RunAsync("-e", "staging", verb, "--resume");
            Assert.True(refused.ExitCode == 1, refused.Stderr + refused.StdoutText);
            Assert.Contains("--resume: the chart or values of shop/backend changed since the canary paused", refused.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("resuming its canary", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal(writes, PromotionSandbox.Writes(s.Staging).Count); // nothing deployed, no record written
        }

        File.WriteAllText(template, chart);
        var resumed = await s.RunAsync("-e", "staging", "sync", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.StdoutText);
        Assert.Contains("shop/backend: resuming its canary at step 3", resumed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PromotionSandbox.HelmReleases(s.Staging), n => n.Contains("backend-canary", StringComparison.Ordinal));
        Assert.Contains("sh.helm.release.v1.backend.v1", PromotionSandbox.HelmReleases(s.Staging));
        var strategy = CanaryCliTests.Strategy(s, "staging");
        Assert.Equal(["setWeight 60", "promote the stable release", "uninstall the canary"], CanaryCliTests.StepNames(strategy));
        Assert.Null(strategy["inputsDigest"]); // completed: nothing to resume
    }
}
