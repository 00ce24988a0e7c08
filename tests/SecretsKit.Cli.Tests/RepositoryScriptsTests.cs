using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// scripts/demo.sh and scripts/pack.sh as a newcomer runs them: the demo installs nothing (no sudo, apt-get or npm) and
/// needs only dotnet; pack says when each of its long steps starts and ends.
/// </summary>
public sealed class RepositoryScriptsTests
{
    /// <summary>A copy of the repository's <paramref name="script"/> in <c>checkout/scripts</c>, plus a bin dir of recording fakes.</summary>
    private static (string Repo, string Bin, string Log) Checkout(TempDir dir, string script, params string[] fakes)
    {
        var repo = dir.File("checkout");
        Directory.CreateDirectory(Path.Combine(repo, "scripts"));
        File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "scripts", script), Path.Combine(repo, "scripts", script));
        var bin = dir.File("bin");
        Directory.CreateDirectory(bin);
        var log = dir.File("calls.log");
        foreach (var fake in fakes) File.Move(EditSandbox.Editor(dir, $"echo \"{fake} $*\" >> '{log}'"), Path.Combine(bin, fake));
        return (repo, bin, log);
    }

    [Fact]
    public async Task The_demo_runs_the_round_trip_without_installing_anything()
    {
        using var dir = new TempDir();
        var (repo, bin, log) = Checkout(dir, "demo.sh", "sudo", "apt-get", "npm");
        foreach (var file in new[] { "demo/secrets.yaml", ".sops.yaml", "keys/age-example.txt" })
        {
            var target = Path.Combine(repo, "examples", file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", file), target);
        }
        var launcher = Path.Combine(repo, "secretskit");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "secretskit.dll")}' \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string?> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}", ["SOPS_AGE_KEY_FILE"] = null };

        var run = await ProcessRun.RunAsync("bash", [Path.Combine(repo, "scripts", "demo.sh")], env, null, dir.Path, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Stderr + run.StdoutText);
        Assert.Contains("== round trip OK", run.StdoutText, StringComparison.Ordinal);
        Assert.False(File.Exists(log), File.Exists(log) ? File.ReadAllText(log) : "");
    }

    [Fact]
    public async Task Pack_names_each_step_as_it_starts_and_ends()
    {
        using var dir = new TempDir();
        var (repo, bin, _) = Checkout(dir, "pack.sh");
        // a dotnet that leaves a package where `-o` points, as `dotnet pack` does
        File.Move(EditSandbox.Editor(dir, "prev=\"\"; for a; do [ \"$prev\" = -o ] && touch \"$a/SecretsKit.0.1.0.nupkg\"; prev=\"$a\"; done"), Path.Combine(bin, "dotnet"));
        var env = new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" };

        var run = await ProcessRun.RunAsync("bash", [Path.Combine(repo, "scripts", "pack.sh"), dir.File("out")], env, null, dir.Path, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stderr.Split('\n');
        var steps = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64 ? 5 : 2;
        for (var step = 1; step <= steps; step++)
        {
            var start = Array.FindIndex(lines, l => l.StartsWith($"pack: [{step}/{steps}] the ", StringComparison.Ordinal));
            var end = Array.FindIndex(lines, l => l.StartsWith($"pack: [{step}/{steps}] done after ", StringComparison.Ordinal));
            Assert.True(start >= 0 && end > start, run.Stderr);
        }
    }
}
