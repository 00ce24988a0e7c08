using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// The <c>./secretskit</c> launcher rebuilds only when a source or project file changed: generated files that builds of
/// other projects (and pack.sh) write under <c>src/*/obj</c> and <c>bin</c> do not count.
/// </summary>
public sealed class LauncherStalenessTests
{
    [Fact]
    public async Task Generated_files_under_obj_do_not_trigger_a_rebuild_and_an_edited_source_does()
    {
        using var dir = new TempDir();
        var repo = dir.File("checkout");
        var source = Path.Combine(repo, "src", "SecretsKit.Cli", "Program.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        Directory.CreateDirectory(Path.Combine(repo, "artifacts", "cli"));
        File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "secretskit"), Path.Combine(repo, "secretskit"));
        var old = DateTime.UtcNow.AddHours(-2);
        File.WriteAllText(source, "// source\n");
        File.SetLastWriteTimeUtc(source, old);
        File.WriteAllText(Path.Combine(repo, "artifacts", "cli", "secretskit.dll"), "");
        var stamp = Path.Combine(repo, "artifacts", "cli", ".built");
        File.WriteAllText(stamp, "");
        File.SetLastWriteTimeUtc(stamp, old.AddHours(1));
        foreach (var generated in new[] { "src/SecretsKit.Core/obj/Release/net10.0/SecretsKit.Core.AssemblyInfo.cs", "src/SecretsKit.Agent/bin/Release/x.cs" })
        {
            var path = Path.Combine(repo, generated);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "// generated\n");
        }
        var bin = dir.File("bin");
        Directory.CreateDirectory(bin);
        var log = dir.File("dotnet.log");
        File.Move(EditSandbox.Editor(dir, $"echo \"$*\" >> '{log}'"), Path.Combine(bin, "dotnet"));
        var env = new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" };

        var fresh = await ProcessRun.RunAsync(Path.Combine(repo, "secretskit"), ["--version"], env, null, dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(fresh.ExitCode == 0, fresh.Stderr);
        Assert.DoesNotContain("rebuilding", fresh.Stderr, StringComparison.Ordinal);
        Assert.Equal([$"{repo}/artifacts/cli/secretskit.dll --version"], File.ReadAllLines(log));

        File.Delete(log);
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow);
        var stale = await ProcessRun.RunAsync(Path.Combine(repo, "secretskit"), ["--version"], env, null, dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(stale.ExitCode == 0, stale.Stderr);
        Assert.Contains("sources changed, rebuilding the CLI", stale.Stderr, StringComparison.Ordinal);
        Assert.StartsWith($"build {repo}/src/SecretsKit.Cli/SecretsKit.Cli.csproj", File.ReadAllLines(log)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secretskit_agent_launcher_builds_the_agent_on_first_use_and_runs_it_through_a_link_on_path()
    {
        Assert.Equal("secretskit", new FileInfo(Path.Combine(SharedFixtures.RepositoryRoot, "secretskit-agent")).LinkTarget);
        using var dir = new TempDir();
        var repo = dir.File("checkout");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "secretskit"), Path.Combine(repo, "secretskit"));
        File.CreateSymbolicLink(Path.Combine(repo, "secretskit-agent"), "secretskit");
        var bin = dir.File("bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "secretskit-agent"), Path.Combine(repo, "secretskit-agent"));
        var log = dir.File("dotnet.log");
        File.Move(EditSandbox.Editor(dir, $"echo \"$*\" >> '{log}'"), Path.Combine(bin, "dotnet"));

        var run = await ProcessRun.RunAsync(Path.Combine(bin, "secretskit-agent"), ["render", "-f", "demo.yaml"],
            new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" }, null, dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("secretskit-agent: first run, building the agent from source", run.Stderr, StringComparison.Ordinal);
        var calls = File.ReadAllLines(log);
        Assert.StartsWith($"build {repo}/src/SecretsKit.Agent/SecretsKit.Agent.csproj", calls[0], StringComparison.Ordinal);
        Assert.Equal($"{repo}/artifacts/agent/secretskit-agent.dll render -f demo.yaml", calls[1]);
    }
}
