using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// Each gate of <c>release promote</c> refuses with exit 10 and a message starting <c>gate NAME:</c> that names the
/// release and the reason, and the target cluster sees no write but the lock's Lease (the Kubernetes API fake's request
/// log: no helm release Secret, no record, nothing else). Real helm 3.10.1 and Helm 4.1.4, two clusters.
/// </summary>
public sealed class PromoteGateCliTests
{
    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Every_gate_refuses_with_exit_10_and_no_write_to_the_target_cluster(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm);
        await RefusesAsync(s, "gate sourceVerified: staging has no release record (ConfigMap secretskit-system/secretskit-record-staging on context staging)");
        var apply = await s.RunAsync("-e", "staging", "apply");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);

        var chartYaml = Path.Combine(s.ChartDir, "Chart.yaml");
        await WithFileAsync(chartYaml, text => text.Replace("version: 0.1.0", "version: 0.1.1", StringComparison.Ordinal), () =>
            RefusesAsync(s, "gate sameChart: shop/backend would deploy pipeline-app 0.1.1 (sha256:"));

        var secrets = Path.Combine(s.WorkDir, "secrets", "prod", "secrets.yaml");
        var original = File.ReadAllBytes(secrets);
        var set = await CliRunner.RunAsync(["set", "secrets/prod/secrets.yaml", "[\"secrets\"][\"stripeKey\"]", "\"demo-prod-stripe-9e1b\""], s.Env(), cwd: s.WorkDir);
        Assert.True(set.ExitCode == 0, set.Stderr);
        var keys = await RefusesAsync(s, "gate secretKeys: shop/backend in prod has secrets.stripeKey that staging lacks");
        Assert.DoesNotContain("demo-prod-stripe-9e1b", keys.Stderr + keys.StdoutText, StringComparison.Ordinal);
        File.WriteAllBytes(secrets, original);

        // staging's key added to prod's secrets: staging's CI could read prod (SK-RECIPIENT-001), refused before any write
        const string stagingKey = "age1scuspj6kt3ly0xup4950hv0qrvscu6g4j9kpy0edl8fhum82wvgs567qfe"; // examples/keys/age-staging.txt
        var rotate = await CliRunner.RunAsync(["rotate", "-i", "--add-age", stagingKey, "secrets/prod/secrets.yaml"], s.Env(), cwd: s.WorkDir);
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        var shared = await RefusesAsync(s, "gate recipients: secrets/prod/secrets.yaml: SK-RECIPIENT-001 (HIGH) Recipient outside the file's creation rule: age " + stagingKey);
        Assert.Contains("does not list it", shared.Stderr, StringComparison.Ordinal);
        File.WriteAllBytes(secrets, original);

        var promotion = Path.Combine(s.WorkDir, "secretskit-promotion.yaml");
        await WithFileAsync(promotion, text => text.Replace("secretKeys: same}", "secretKeys: same, minSoak: 1h}", StringComparison.Ordinal), () =>
            RefusesAsync(s, "gate minSoak: staging has run it for "));
        var ended = DateTimeOffset.Parse(PromotionSandbox.Record(s.Staging, "staging")!["endedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        while (DateTimeOffset.UtcNow - ended < TimeSpan.FromSeconds(2)) await Task.Delay(100);
        await WithFileAsync(promotion, text => text.Replace("secretKeys: same}", "secretKeys: same, maxSourceAge: 1s}", StringComparison.Ordinal), () =>
            RefusesAsync(s, "gate maxSourceAge: the staging record is "));
        await WithFileAsync(promotion, text => text.Replace("secretKeys: same}", "secretKeys: same, approval: diff-digest}", StringComparison.Ordinal), async () =>
        {
            await RefusesAsync(s, "gate approval: prod needs --approved-digest");
            await RefusesAsync(s, "gate approval: the change differs from the approved one (approved sha256:00", "--approved-digest", "sha256:" + new string('0', 64));
        });

        // staging moves on after its record: what runs there is no longer what was verified
        var upgrade = await s.Helm.RunAsync(["upgrade", "backend", s.ChartDir, "-n", "shop", "--reuse-values", "--kube-context", "staging"],
            new Dictionary<string, string?> { ["KUBECONFIG"] = s.Kubeconfig, ["HOME"] = s.Home });
        Assert.True(upgrade.ExitCode == 0, upgrade.Stderr);
        await RefusesAsync(s, "gate sourceVerified: shop/backend in staging is at revision 2, the record verified revision 1");

        var dry = await s.RunAsync("-e", "prod", "promote", "--dry-run");
        Assert.Equal(10, dry.ExitCode);
        Assert.Matches(@"sourceVerified\s+FAIL", dry.StdoutText);
        Assert.Matches(@"sameChart\s+pass", dry.StdoutText);
        Assert.Matches(@"recipients\s+pass", dry.StdoutText);
        Assert.Empty(PromotionSandbox.Writes(s.Prod));
        Assert.Empty(PromotionSandbox.HelmReleases(s.Prod));
        Assert.Null(PromotionSandbox.Record(s.Prod, "prod"));
    }

    /// <summary>promote -e prod exits 10 saying <paramref name="message"/>, and prod saw no write but the lock's.</summary>
    private static async Task<ProcessRun.Result> RefusesAsync(PromotionSandbox s, string message, params string[] extra)
    {
        var r = await s.RunAsync(["-e", "prod", "promote", .. extra]);
        Assert.True(r.ExitCode == 10, $"exit {r.ExitCode}\n{r.Stderr}{r.StdoutText}");
        Assert.Contains("secretskit: error: " + message, r.Stderr, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.Writes(s.Prod));
        Assert.Empty(PromotionSandbox.HelmReleases(s.Prod));
        PromoteCliTests.AssertNoSecretIn(r.Stderr + r.StdoutText);
        return r;
    }

    private static async Task WithFileAsync(string path, Func<string, string> change, Func<Task> action)
    {
        var original = File.ReadAllText(path);
        File.WriteAllText(path, change(original));
        try
        {
            await action();
        }
        finally
        {
            File.WriteAllText(path, original);
        }
    }
}
