using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM sent to <c>secretskit release</c> while helm runs, through the real process with a
/// stand-in helm that hangs: no helm call starts after the signal, the one running is ended and waited for (none
/// outlives the CLI), the summary says <c>interrupted</c> at the stage reached, the exit code is 128 + the signal, and
/// an interrupted upgrade says helm may have left the release <c>pending-*</c> and how to recover.
/// </summary>
public sealed class ReleaseSignalCliTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_in_lints_unittest_stage_ends_the_render_starts_no_helm_call_and_prints_the_summary(string signal, int exit)
    {
        using var dir = new TempDir("sk-signal-");
        var log = dir.File("helm-calls.log");
        var helm = dir.Write("bin/helm", $$"""
            #!/bin/sh
            echo "$$ $*" >> '{{log}}'
            case "$1" in
              version) echo 'version.BuildInfo{Version:"v3.10.1", GitCommit:"", GitTreeState:"clean", GoVersion:"go1.18"}' ;;
              lint) echo '1 chart(s) linted, 0 chart(s) failed' ;;
              template) exec sleep 600 ;;
            esac
            """);
        File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var chart in new[] { "app", "other" })
        {
            dir.Write($"{chart}/Chart.yaml", $"apiVersion: v2\nname: {chart}\nversion: 0.1.0\n");
            dir.Write($"{chart}/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
            dir.Write($"{chart}/tests/cm_test.yaml", "suite: cm\ntemplates: [cm.yaml]\ntests:\n  - it: is a ConfigMap\n    asserts:\n      - isKind:\n          of: ConfigMap\n");
        }
        dir.Write("helmfile.yaml", "releases:\n  - name: app\n    namespace: shop\n    chart: ./app\n  - name: other\n    namespace: shop\n    chart: ./other\n");
        Directory.CreateDirectory(dir.File("tmp"));
        var env = new Dictionary<string, string?> { ["HELM_BIN"] = helm, ["TMPDIR"] = dir.File("tmp") };

        var run = await SignalledRunAsync(["release", "lint"], env, dir.Path, signal,
            () => Calls(log).Any(c => c.Args.StartsWith("template ", StringComparison.Ordinal)));

        Assert.True(run.ExitCode == exit, $"exit {run.ExitCode}\n{run.Stderr}");
        var calls = Calls(log);
        // the one render of app's suite; nothing after the signal: no second template, no lint of the next release
        var render = Assert.Single(calls, c => c.Args.StartsWith("template ", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, c => c.Args.Contains("other", StringComparison.Ordinal));
        Assert.False(Running(render.Pid), $"the render (pid {render.Pid}) outlived the CLI");
        Assert.Matches(@"app\s+shop\s+unittest\s+interrupted", run.Stderr);
        Assert.Matches(@"other\s+shop\s+-\s+not run", run.Stderr);
        Assert.Contains("secretskit: release shop/app: unittest interrupted\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: interrupted: no stage or hook began after the signal", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Tests:", run.Stderr, StringComparison.Ordinal); // no failure report for a render the signal ended
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("tmp")));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_during_applys_upgrade_says_interrupted_and_how_to_recover_from_a_pending_release(string signal, int exit)
    {
        using var box = new PipelineSandbox();
        var env = box.Env();
        env["FAKE_HELM_HOLD"] = Path.Combine(box.TempDirectory, "..", "never-created"); // helm upgrade --wait that does not end

        var run = await SignalledRunAsync(["release", "apply", "-e", "dev", "--skip-validate", "--skip-unittest", "--skip-policy", "--no-lock"], env, box.WorkDir, signal,
            () => box.Helm.Calls.Contains("upgrade shop/backend"), stderrLine: "waiting for resources of backend");

        Assert.True(run.ExitCode == exit, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.DoesNotContain("helm upgrade failed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: release shop/backend: helm upgrade interrupted (helm exit ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("helm may have left the release pending-upgrade (pending-install on a first install)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("helm history backend -n shop --kube-context kind-dev --max 5", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("helm rollback backend -n shop --kube-context kind-dev", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("helm uninstall backend -n shop --kube-context kind-dev", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"secretskit: release shop/backend: upgrade interrupted in \d+\.\ds\n", run.Stderr);
        Assert.Matches(@"backend\s+shop\s+upgrade\s+interrupted", run.Stderr);
        Assert.Matches(@"frontend\s+shop\s+lint\s+not run", run.Stderr); // linted before the upgrades, never deployed
        // after the signal: no helm test, no rollback, nothing for frontend
        Assert.Equal("upgrade shop/backend", box.Helm.Calls[^1]);
        Assert.DoesNotContain(box.Helm.Calls, c => c.Contains("frontend", StringComparison.Ordinal));
        Assert.DoesNotContain(HelmProcesses(box.Helm.HelmPath), _ => true);
        foreach (var secret in PipelineSandbox.DemoSecrets) Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }

    internal sealed record Run(int ExitCode, string Stdout, string Stderr);

    private sealed record Call(int Pid, string Args);

    private static List<Call> Calls(string log) =>
        !File.Exists(log) ? [] : [.. File.ReadAllLines(log).Where(l => l.Contains(' ', StringComparison.Ordinal))
            .Select(l => new Call(int.Parse(l[..l.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture), l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]))];

    /// <summary>Whether a process is still alive (not gone, not a zombie waiting to be reaped).</summary>
    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Processes still running the fake helm script (its hold loop, or anything it started that names it).</summary>
    private static IEnumerable<int> HelmProcesses(string helmPath) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Contains(helmPath, StringComparison.Ordinal) && Running(pid);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            });

    /// <summary>
    /// Starts the CLI, waits until <paramref name="ready"/> holds (and <paramref name="stderrLine"/> was printed), sends
    /// SIG<paramref name="signal"/> to it alone (not to its children, as a CI runner or <c>kill</c> does), and waits for it to end.
    /// </summary>
    internal static async Task<Run> SignalledRunAsync(string[] args, Dictionary<string, string?> env, string cwd, string signal, Func<bool> ready,
        string? stderrLine = null)
    {
        var lines = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = CliRunner.StartInfo(args, env, cwd) };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!ready() || (stderrLine is not null && !lines.Any(l => l.Contains(stderrLine, StringComparison.Ordinal))))
            {
                if (process.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"never got there (exited: {process.HasExited}); stderr:\n{string.Join("\n", lines)}");
                await Task.Delay(50);
            }
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            process.WaitForExit(); // drains the stderr events
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        var stderr = string.Join("\n", lines) + "\n";
        CliRunner.Record(args, await stdout, stderr);
        return new Run(process.ExitCode, await stdout, stderr);
    }
}
