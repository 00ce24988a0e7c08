using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// SK-ROLLOUT-001 in <c>release diff</c>, through the real <c>secretskit</c> and the real helm 3.10.1 and Helm 4.1.4
/// against a Kubernetes API fake: the deployed rendering is what <c>helm get manifest</c> returns. The seed chart without
/// its <c>checksum/secret</c> annotation: an unchanged Secret is no finding, a changed secret value is one naming the
/// Deployment, the Secret and the fix (never the value); with the annotation back, a changed value is none.
/// </summary>
public sealed class StaleConfigReleaseCliTests
{
    private const string Annotation = "      annotations:\n        # roll the pods when a secret value changes\n        checksum/secret: {{ toJson .Values.secrets | sha256sum }}\n";

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Diff_reports_a_changed_Secret_whose_pods_would_not_roll_and_not_once_the_checksum_annotation_rolls_them(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm);
        var template = Path.Combine(s.ChartDir, "templates", "deployment.yaml");
        var withChecksum = File.ReadAllText(template);
        Assert.Contains(Annotation, withChecksum, StringComparison.Ordinal);
        File.WriteAllText(template, withChecksum.Replace(Annotation, "", StringComparison.Ordinal));
        var apply = await s.RunAsync("-e", "staging", "apply");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);

        var unchanged = await DiffAsync(s);
        Assert.DoesNotContain("SK-ROLLOUT-001", unchanged.Stderr + unchanged.StdoutText, StringComparison.Ordinal);

        await SetTokenAsync(s, "rotated-token-first-5e8b");
        var stale = await DiffAsync(s);
        Assert.True(stale.ExitCode == 1, stale.Stderr + stale.StdoutText);
        Assert.Contains("secretskit: release shop/backend: policy failed\n", stale.Stderr, StringComparison.Ordinal);
        Assert.Contains("  | release shop/backend: pipeline-app/templates/deployment.yaml: Deployment shop/backend-pipeline-app: "
            + "spec.template.spec.containers[0].envFrom[0].secretRef.name: SK-ROLLOUT-001 (MEDIUM) Secret or ConfigMap changes but the pods that use it are not replaced: "
            + "Deployment shop/backend-pipeline-app reads by envFrom Secret shop/backend-pipeline-app, whose data changes in this release while the pod template does not: "
            + "no pod is replaced, so running pods keep the old value; add a checksum of it to the pod template's annotations (checksum/secret: ",
            stale.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("rotated-token-first-5e8b", stale.Stderr + stale.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-staging-api-token-c41d", stale.Stderr + stale.StdoutText, StringComparison.Ordinal);

        File.WriteAllText(template, withChecksum);
        var rolled = await s.RunAsync("-e", "staging", "apply");
        Assert.True(rolled.ExitCode == 0, rolled.Stderr + rolled.StdoutText);
        await SetTokenAsync(s, "rotated-token-second-0c3f");
        var annotated = await DiffAsync(s);
        Assert.DoesNotContain("SK-ROLLOUT-001", annotated.Stderr + annotated.StdoutText, StringComparison.Ordinal);
        Assert.Contains("checksum/secret", annotated.StdoutText, StringComparison.Ordinal); // the pods roll: the diff shows the annotation change
    }

    /// <summary><c>release diff</c> failing on MEDIUM rollout findings only (the seed chart's Trivy findings are another test's).</summary>
    private static async Task<ProcessRun.Result> DiffAsync(PromotionSandbox s) =>
        await s.RunAsync("-e", "staging", "diff", "--policy-severity", "MEDIUM", "--policy-ignorefile", await WriteIgnoreFileAsync(s));

    /// <summary>A .trivyignore listing every check but the rollout checks (SK-ROLLOUT-nnn).</summary>
    internal static async Task<string> WriteIgnoreFileAsync(PromotionSandbox s)
    {
        var path = Path.Combine(s.WorkDir, "only-rollout.trivyignore");
        var list = await CliRunner.RunAsync(["policy", "--list-checks"]);
        File.WriteAllLines(path, list.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).Where(id => !id.StartsWith("SK-ROLLOUT-", StringComparison.Ordinal)));
        return path;
    }

    private static async Task SetTokenAsync(PromotionSandbox s, string value)
    {
        var set = await CliRunner.RunAsync(["set", "secrets/staging/secrets.yaml", "[\"secrets\"][\"apiToken\"]", $"\"{value}\""], s.Env(), cwd: s.WorkDir);
        Assert.True(set.ExitCode == 0, set.Stderr);
    }
}
