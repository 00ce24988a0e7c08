using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// helmfile's <c>--interactive</c>: the redacted diff is shown, the user is asked on the terminal, and what is applied
/// is what was shown (its digest is the one <c>release diff --digest</c> printed, and the record keeps it). Without a
/// terminal it is refused before anything is locked or deployed. The terminal is a real pseudo-terminal (<c>script</c>).
/// </summary>
public sealed class InteractiveApplyCliTests
{
    [Fact]
    public async Task Interactive_apply_shows_the_diff_asks_and_applies_exactly_the_digest_shown()
    {
        await using var s = await LockSandbox.StartAsync();
        var refused = await s.RunAsync("1", "apply", "--interactive");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("secretskit: error: --interactive needs a terminal", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(s.Lease());

        var digest = await s.RunAsync("1", "diff", "--digest");
        Assert.True(digest.ExitCode == 0, digest.Stderr);
        var expected = digest.StdoutText.Trim();

        var no = await InTerminalAsync(s, "n\n", "apply", "--interactive");
        Assert.Equal(1, no.ExitCode);
        Assert.Contains("=== acme/web (default) not installed yet", no.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"apply these changes to default ({expected})? [y/N]", no.StdoutText, StringComparison.Ordinal);
        Assert.Contains("nothing applied to default", no.StdoutText, StringComparison.Ordinal);
        Assert.Null(s.Cluster.Server.TryGet(SecretsKit.Testing.Kubernetes.FakeResourceType.ConfigMap, "acme", "web"));

        var yes = await InTerminalAsync(s, "y\n", "apply", "--interactive", "--record-file", "record.json");
        Assert.True(yes.ExitCode == 0, yes.StdoutText);
        Assert.Contains($"apply these changes to default ({expected})? [y/N]", yes.StdoutText, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(yes.StdoutText, "=== acme/web"));
        Assert.NotNull(s.Cluster.Server.TryGet(SecretsKit.Testing.Kubernetes.FakeResourceType.ConfigMap, "acme", "web"));
        Assert.Contains($"\"approvalDigest\": \"{expected}\"", File.ReadAllText(Path.Combine(s.WorkDir, "record.json")), StringComparison.Ordinal);
    }

    /// <summary>Runs the CLI under <c>script</c>, so its stdin and stdout are a terminal; <paramref name="typed"/> is what the user types.</summary>
    private static async Task<ProcessRun.Result> InTerminalAsync(LockSandbox s, string typed, params string[] args)
    {
        var all = new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), "release", "-e", "default" }
            .Concat(args).Concat(["--skip-validate", "--skip-policy", "--skip-unittest"]);
        var command = string.Join(' ', all.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var env = CliRunner.Environment(s.Env("1"));
        env["CI"] = null;
        var r = await ProcessRun.RunAsync("script", ["-q", "-e", "-c", command, "/dev/null"], env, Encoding.UTF8.GetBytes(typed), s.WorkDir, TimeSpan.FromMinutes(5));
        CliRunner.Record(args, r.StdoutText, r.Stderr);
        return r;
    }
}
