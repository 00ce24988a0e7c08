using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// SK-ROLLOUT-002 and -003 in <c>release lint</c> and <c>release diff</c>, through the real <c>secretskit</c> and the real
/// helm 3.10.1 and Helm 4.1.4: the seed chart, which names its objects after the release and has <c>canary.weight</c>,
/// is clean under a canary and under blue-green colors; with a fixed Secret name the canary and the colors share it (002,
/// no value shown); a <c>weightValue</c> that nothing holds or reads is 003 on the values, and none once a template reads
/// it with a default.
/// </summary>
public sealed class StrategyRolloutCliTests
{
    private const string Canary = """
        strategies:
          - releases: [shop/backend]
            canary:
              canaryRelease: backend-canary
              weightValue: WEIGHT
              steps: [{setWeight: 10}]

        """;

    private const string BlueGreen = """
        strategies:
          - releases: [shop/backend]
            blueGreen:
              colors: [backend-blue, backend-green]
              switch: {release: backend-router, value: activeColor}

        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_Secret_the_canary_or_a_color_shares_with_the_stable_release_fails_lint_and_diff_and_the_seed_chart_does_not(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm);
        Promote(s, Canary.Replace("WEIGHT", "canary.weight", StringComparison.Ordinal));
        foreach (var verb in new[] { "lint", "diff" })
        {
            var clean = await PolicyAsync(s, verb);
            Assert.True(clean.ExitCode == 0, clean.Stderr + clean.StdoutText);
            Assert.DoesNotContain("SK-ROLLOUT-00", clean.Stderr, StringComparison.Ordinal);
        }

        var secret = Path.Combine(s.ChartDir, "templates", "secret.yaml");
        File.WriteAllText(secret, File.ReadAllText(secret).Replace("  name: {{ include \"pipeline-app.fullname\" . }}", "  name: shop-api-secrets", StringComparison.Ordinal));
        foreach (var verb in new[] { "lint", "diff" })
        {
            var shared = await PolicyAsync(s, verb);
            Assert.True(shared.ExitCode == 1, shared.Stderr + shared.StdoutText);
            Assert.Contains("  | release shop/backend: pipeline-app/templates/secret.yaml: Secret shop/shop-api-secrets: metadata.name: SK-ROLLOUT-002 (MEDIUM) "
                + "The canary or a blue-green color renders a Secret the stable release owns: Secret shop/shop-api-secrets is rendered by the canary release backend-canary too",
                shared.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("SK-ROLLOUT-003", shared.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("demo-staging-api-token-c41d", shared.Stderr + shared.StdoutText, StringComparison.Ordinal);
        }

        Promote(s, BlueGreen);
        var colors = await PolicyAsync(s, "lint");
        Assert.True(colors.ExitCode == 1, colors.Stderr + colors.StdoutText);
        Assert.Contains("Secret shop/shop-api-secrets is rendered by the blue-green color releases backend-blue, backend-green too", colors.Stderr, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.Writes(s.Staging));
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_weightValue_no_values_hold_and_no_template_reads_is_found_and_a_template_reading_it_with_a_default_is_not(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm);
        Promote(s, Canary.Replace("WEIGHT", "traffic.percent", StringComparison.Ordinal));

        var unset = await PolicyAsync(s, "lint");

        Assert.True(unset.ExitCode == 1, unset.Stderr + unset.StdoutText);
        Assert.Contains("  | release shop/backend: values: traffic.percent: SK-ROLLOUT-003 (MEDIUM) The chart has no value at the canary's weightValue: "
            + "neither the chart's values nor the release's have traffic.percent, and the canary release backend-canary renders the same at weight 0 and 100",
            unset.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SK-ROLLOUT-002", unset.Stderr, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(s.ChartDir, "templates", "traffic.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-traffic
            data:
              percent: {{ default 0 (get (default (dict) .Values.traffic) "percent") | quote }}
            """);
        var read = await PolicyAsync(s, "diff");
        Assert.True(read.ExitCode == 0, read.Stderr + read.StdoutText);
        Assert.DoesNotContain("SK-ROLLOUT-00", read.Stderr, StringComparison.Ordinal);
    }

    private static void Promote(PromotionSandbox s, string strategies) =>
        File.WriteAllText(Path.Combine(s.WorkDir, "secretskit-promotion.yaml"), PromotionSandbox.PromotionYaml + strategies);

    /// <summary><c>release lint</c> or <c>diff</c> of staging failing on MEDIUM rollout findings only (the seed chart's Trivy findings are another test's).</summary>
    private static async Task<ProcessRun.Result> PolicyAsync(PromotionSandbox s, string verb) =>
        await s.RunAsync("-e", "staging", verb, "--policy-severity", "MEDIUM", "--policy-ignorefile", await StaleConfigReleaseCliTests.WriteIgnoreFileAsync(s));
}
