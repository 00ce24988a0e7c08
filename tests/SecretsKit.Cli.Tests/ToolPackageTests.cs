using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// <c>dotnet pack</c> of the CLI gives a working .NET tool package: it installs from a local folder with
/// <c>dotnet tool install --tool-path</c> and the installed <c>secretskit --version</c> prints the version and commit.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Packed_tool_installs_from_a_local_folder_and_prints_version_and_commit()
    {
        var root = SharedFixtures.RepositoryRoot;
        var temp = Directory.CreateTempSubdirectory("sk-toolpack-");
        try
        {
            var packages = Path.Combine(temp.FullName, "packages");
            var tools = Path.Combine(temp.FullName, "tools");
            var env = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            };

            var pack = await ProcessRun.RunAsync("dotnet",
                ["pack", Path.Combine(root, "src", "SecretsKit.Cli", "SecretsKit.Cli.csproj"), "-c", "Release", "-o", packages, "-nologo", "-v:q"],
                env, cwd: root, timeout: TimeSpan.FromMinutes(15));
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.StdoutText + pack.Stderr);

            var version = CliApp.Version.Split('+')[0];
            Assert.True(File.Exists(Path.Combine(packages, $"SecretsKit.{version}.nupkg")), "no SecretsKit." + version + ".nupkg in " + packages);

            // Only the local folder as a source: offline-safe, and no same-named package from a remote feed can win.
            var config = Path.Combine(temp.FullName, "nuget.config");
            await File.WriteAllTextAsync(config,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear />" +
                $"<add key=\"local\" value=\"{packages}\" /></packageSources></configuration>\n");
            var install = await ProcessRun.RunAsync("dotnet",
                ["tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", packages, "SecretsKit", "--version", version],
                env, cwd: temp.FullName, timeout: TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "dotnet tool install failed:\n" + install.StdoutText + install.Stderr);

            var run = await ProcessRun.RunAsync(Path.Combine(tools, "secretskit"), ["--version"], env, cwd: temp.FullName, timeout: TimeSpan.FromMinutes(1));
            Assert.Equal(0, run.ExitCode);
            var printed = run.StdoutText.Trim();
            Assert.StartsWith(version + "+", printed, StringComparison.Ordinal);
            Assert.Equal(await ExpectedRevisionAsync(root), printed[(version.Length + 1)..]);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Version_option_prints_a_commit_of_this_repository()
    {
        // The test binary may predate the latest commit, so this checks the stamp names a real commit (the packing
        // test above rebuilds and checks it equals HEAD).
        var run = await CliRunner.RunAsync(["--version"]);
        Assert.Equal(0, run.ExitCode);
        var printed = run.StdoutText.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+\+\S+$", printed);
        var revision = printed[(printed.IndexOf('+', StringComparison.Ordinal) + 1)..];
        if (await ExpectedRevisionAsync(SharedFixtures.RepositoryRoot) == "unknown")
        {
            Assert.Equal("unknown", revision);
            return;
        }
        var verify = await ProcessRun.RunAsync("git", ["rev-parse", "--verify", "--quiet", revision + "^{commit}"],
            cwd: SharedFixtures.RepositoryRoot, timeout: TimeSpan.FromSeconds(30));
        Assert.True(verify.ExitCode == 0, revision + " is not a commit of this repository");
    }

    /// <summary>What the build stamps: <c>git rev-parse --short HEAD</c>, or "unknown" without git.</summary>
    private static async Task<string> ExpectedRevisionAsync(string root)
    {
        try
        {
            var git = await ProcessRun.RunAsync("git", ["rev-parse", "--short", "HEAD"], cwd: root, timeout: TimeSpan.FromSeconds(30));
            return git.ExitCode == 0 && git.StdoutText.Trim().Length > 0 ? git.StdoutText.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
