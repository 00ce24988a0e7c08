using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// helmfile's <c>--interactive</c> through the real process: on a pseudo-terminal, apply shows the redacted diff and the
/// releases it will change, asks once, and on <c>y</c> applies exactly what it showed (on <c>n</c> nothing, exit 0; on
/// Ctrl-C nothing, exit 130 as interrupted);
/// destroy lists what it will uninstall and asks; without a terminal the flag is refused before any helm call.
/// </summary>
public sealed class InteractiveReleaseCliTests
{
    private static Task<ProcessRun.Result> OnTerminalAsync(PipelineSandbox box, string answer, params string[] args)
    {
        var env = CliRunner.Environment(box.Env());
        env["CI"] = null; // a question is never asked in CI
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), "release", .. args, "-e", "dev", "--skip-validate", "--skip-policy", "--skip-unittest", "--no-lock"];
        return Keys.TerminalSession.AnswerAsync("[y/n]: ", answer, command, env, box.WorkDir);
    }

    [Fact]
    public async Task Apply_on_a_terminal_shows_the_diff_asks_once_and_applies_only_on_yes()
    {
        using var box = new PipelineSandbox();

        var declined = await OnTerminalAsync(box, "n", "apply", "--interactive");
        Assert.True(declined.ExitCode == 0, declined.StdoutText);
        var seen = declined.StdoutText.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains("=== shop/backend (dev) not installed yet: ", seen, StringComparison.Ordinal);
        Assert.Contains("Affected releases are:\n  shop/backend (../pipeline-app) UPDATED\n  shop/frontend (../pipeline-app) UPDATED\n", seen, StringComparison.Ordinal);
        Assert.Contains("Do you really want to apply?", seen, StringComparison.Ordinal);
        Assert.Contains("secretskit: not confirmed: nothing was changed by apply", seen, StringComparison.Ordinal);
        Assert.Empty(box.Upgrades);
        Assert.DoesNotContain(PipelineSandbox.DemoSecrets[0], seen, StringComparison.Ordinal);

        var before = box.Helm.Calls.Count;
        var accepted = await OnTerminalAsync(box, "y", "apply", "-i");
        Assert.True(accepted.ExitCode == 0, accepted.StdoutText);
        Assert.Equal(["upgrade shop/backend", "upgrade shop/frontend"], box.Upgrades);
        Assert.Equal(2, accepted.StdoutText.Split("[y/n]: ").Length); // asked once
        // both diffs shown before the question; then each upgrade only after re-reading the manifest its diff was made against
        Assert.Equal(
            ["get-manifest shop/backend", "get-manifest shop/frontend", "get-manifest shop/backend", "upgrade shop/backend", "get-manifest shop/frontend", "upgrade shop/frontend"],
            box.Helm.Calls.Skip(before).Where(c => c.StartsWith("get-manifest ", StringComparison.Ordinal) || c.StartsWith("upgrade ", StringComparison.Ordinal)));
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Ctrl_C_at_the_question_ends_the_run_as_interrupted_and_changes_nothing()
    {
        using var box = new PipelineSandbox();

        // Ctrl-C typed on the terminal: the line discipline sends SIGINT to the process waiting for its answer
        var r = await OnTerminalAsync(box, "\u0003", "apply", "--interactive");

        Assert.True(r.ExitCode == 130, $"exit {r.ExitCode}\n{r.StdoutText}");
        Assert.Contains("Do you really want to apply?", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("secretskit: interrupted: no stage or hook began after the signal", r.StdoutText, StringComparison.Ordinal);
        Assert.Empty(box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Destroy_on_a_terminal_lists_the_releases_and_asks()
    {
        using var box = new PipelineSandbox();
        Assert.Equal(0, (await box.RunAsync("apply")).ExitCode);

        var declined = await OnTerminalAsync(box, "no", "destroy", "-i");
        Assert.True(declined.ExitCode == 0, declined.StdoutText);
        Assert.Contains("shop/frontend (../pipeline-app) DELETED", declined.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Do you really want to delete?", declined.StdoutText, StringComparison.Ordinal);
        Assert.Equal(1, box.Helm.Revision("shop", "frontend"));

        var accepted = await OnTerminalAsync(box, "yes", "destroy", "-i");
        Assert.True(accepted.ExitCode == 0, accepted.StdoutText);
        Assert.Null(box.Helm.Revision("shop", "frontend"));
        Assert.Null(box.Helm.Revision("shop", "backend"));
    }

    [Fact]
    public async Task Interactive_without_a_terminal_is_refused_before_any_helm_call()
    {
        using var box = new PipelineSandbox();

        var r = await box.RunAsync("apply", ["--interactive"]);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("secretskit: error: --interactive asks before apply changes the cluster, but there is no terminal to ask on (stdin is not one, or CI is set)\n"
            + "secretskit: hint: review with 'secretskit release diff', then run apply without --interactive\n", r.Stderr);
        Assert.Empty(box.Helm.Calls);
    }
}
