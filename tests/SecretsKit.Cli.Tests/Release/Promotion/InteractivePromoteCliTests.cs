using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// helmfile's <c>--interactive</c> on <c>promote</c>: after the gates, the redacted diff is shown, the user is asked on
/// the terminal, and what is applied is what was shown (its digest is the one <c>release diff --digest</c> printed, and
/// the record keeps it). Without a terminal it is refused before anything is locked or deployed. The terminal is a real
/// pseudo-terminal (<c>script</c>). apply, sync and destroy ask through the pipeline (InteractiveReleaseCliTests).
/// </summary>
public sealed class InteractivePromoteCliTests
{
    [Fact]
    public async Task Interactive_promote_shows_the_diff_asks_and_applies_exactly_the_digest_shown()
    {
        await using var s = await PromotionSandbox.StartAsync();
        var staging = await s.RunAsync("-e", "staging", "apply");
        Assert.True(staging.ExitCode == 0, staging.Stderr + staging.StdoutText);

        var refused = await s.RunAsync("-e", "prod", "promote", "--interactive");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("secretskit: error: --interactive needs a terminal", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(PromotionSandbox.Lease(s.Prod, "prod"));

        var digest = await s.RunAsync("-e", "prod", "diff", "--digest");
        Assert.True(digest.ExitCode == 0, digest.Stderr);
        var expected = digest.StdoutText.Trim();

        var no = await InTerminalAsync(s, "n\n", "-e", "prod", "promote", "--interactive");
        Assert.Equal(1, no.ExitCode);
        Assert.Contains("=== shop/backend (prod) not installed yet", no.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"promote to prod ({expected})? [y/N]", no.StdoutText, StringComparison.Ordinal);
        Assert.Contains("nothing applied to prod", no.StdoutText, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.HelmReleases(s.Prod));

        var yes = await InTerminalAsync(s, "y\n", "-e", "prod", "promote", "--interactive");
        Assert.True(yes.ExitCode == 0, yes.StdoutText);
        Assert.Contains($"promote to prod ({expected})? [y/N]", yes.StdoutText, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(yes.StdoutText, "=== shop/backend"));
        Assert.Contains("sh.helm.release.v1.backend.v1", PromotionSandbox.HelmReleases(s.Prod));
        Assert.Equal(expected, PromotionSandbox.Record(s.Prod, "prod")!["approvalDigest"]!.GetValue<string>());
    }

    /// <summary>Runs the CLI under <c>script</c>, so its stdin and stdout are a terminal; <paramref name="typed"/> is what the user types.</summary>
    private static async Task<ProcessRun.Result> InTerminalAsync(PromotionSandbox s, string typed, params string[] args)
    {
        var all = new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), "release" }.Concat(args).Append("--skip-unittest");
        var command = string.Join(' ', all.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var env = CliRunner.Environment(s.Env());
        var r = await ProcessRun.RunAsync("script", ["-q", "-e", "-c", command, "/dev/null"], env, Encoding.UTF8.GetBytes(typed), s.WorkDir, TimeSpan.FromMinutes(6));
        CliRunner.Record(args, r.StdoutText, r.Stderr);
        return r;
    }
}
