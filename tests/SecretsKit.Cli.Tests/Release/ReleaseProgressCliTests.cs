using System.Collections.Concurrent;
using System.Diagnostics;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>release apply</c> shows each stage of each release as it starts and ends, and helm's output of the long stages
/// while helm runs: read from the CLI's stderr while the fake helm's upgrade is still held open (as <c>--wait</c> holds it).
/// </summary>
public sealed class ReleaseProgressCliTests
{
    [Fact]
    public async Task Apply_shows_the_upgrade_stage_and_helms_lines_while_helm_still_runs_then_how_it_ended()
    {
        using var box = new PipelineSandbox();
        var hold = Path.Combine(box.TempDirectory, "..", "release-hold");
        var env = box.Env();
        env["FAKE_HELM_HOLD"] = hold;
        var lines = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = CliRunner.StartInfo(["release", "apply", "-e", "dev", "--skip-validate", "--skip-unittest", "--no-lock"], env, box.WorkDir) };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.BeginErrorReadLine();
        try
        {
            // while helm's upgrade of the first release is held, its start and helm's own lines are already shown
            await WaitForAsync(() => lines.Any(l => l.Contains("waiting for resources of backend", StringComparison.Ordinal)), lines);
            var seen = lines.ToList();
            Assert.False(process.HasExited);
            var started = seen.FindIndex(l => l == "secretskit: release shop/backend: upgrade started");
            var helmLine = seen.FindIndex(l => l == "  | Release \"backend\" has been upgraded. Happy Helming!");
            Assert.True(started >= 0 && helmLine > started, string.Join("\n", seen));
            Assert.DoesNotContain(seen, l => l.StartsWith("secretskit: release shop/backend: upgrade done", StringComparison.Ordinal));
            Assert.Contains(seen, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^secretskit: release shop/backend: template done in \d+\.\ds$"));
        }
        finally
        {
            File.WriteAllText(hold, "");
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        process.WaitForExit(); // drains the stderr events
        var all = lines.ToList();
        CliRunner.Record(["release", "apply"], await stdout, string.Join("\n", all));
        Assert.True(process.ExitCode == 0, string.Join("\n", all));
        var done = all.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^secretskit: release shop/backend: upgrade done in \d+\.\ds$"));
        var test = all.FindIndex(l => l == "secretskit: release shop/backend: test started");
        Assert.True(done > 0 && test > done, string.Join("\n", all));
        Assert.Contains("  | Phase: Succeeded", all);
        foreach (var secret in PipelineSandbox.DemoSecrets)
        {
            Assert.DoesNotContain(all, l => l.Contains(secret, StringComparison.Ordinal));
        }
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_failing_streamed_helm_test_names_the_stage_once_without_repeating_helms_lines()
    {
        using var box = new PipelineSandbox();
        var run = await box.RunAsync("apply", failTest: "backend");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("secretskit: release shop/backend: helm test failed (exit 1)\n", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"secretskit: release shop/backend: test failed in \d+\.\ds\n", run.Stderr);
        // helm's error line was shown once, as it came
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("pod backend-test-connection failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Template_shows_no_stage_lines()
    {
        using var box = new PipelineSandbox();
        var run = await box.RunAsync("template");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(" started\n", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition, ConcurrentQueue<string> lines)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out; stderr so far:\n" + string.Join("\n", lines));
            await Task.Delay(50);
        }
    }
}
