using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// <c>dotnet pack</c> of the CLI gives a working .NET tool: installed with <c>dotnet tool install --global</c> from the
/// packed folder, exactly as the README's Distribution section says, into an isolated home, the installed
/// <c>secretskit</c> prints version and commit and round-trips the README quick-start file with the example age key.
/// On linux-x64 the install must resolve to the RID-specific, ReadyToRun-compiled package.
/// </summary>
public sealed class ToolPackageTests
{
    private const string ExampleRecipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl";

    [Fact]
    public async Task Packed_tool_installs_globally_from_the_artifacts_folder_and_decrypts_with_the_example_key()
    {
        var root = SharedFixtures.RepositoryRoot;
        var temp = Directory.CreateTempSubdirectory("sk-toolpack-");
        try
        {
            var artifacts = Path.Combine(temp.FullName, "artifacts");
            var home = Directory.CreateDirectory(Path.Combine(temp.FullName, "home")).FullName;
            var work = Directory.CreateDirectory(Path.Combine(temp.FullName, "work")).FullName;
            var quiet = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
            };

            // Pack with the real home, so restore finds the packages already cached on this machine (offline-safe).
            var pack = await ProcessRun.RunAsync("dotnet",
                ["pack", Path.Combine(root, "src", "SecretsKit.Cli"), "-c", "Release", "-o", artifacts, "-nologo", "-v:q"],
                quiet, cwd: root, timeout: TimeSpan.FromMinutes(20));
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.StdoutText + pack.Stderr);

            // The tool package points at RID-specific packages packed beside it: linux-x64 (ReadyToRun) and the portable fallback.
            var version = CliApp.Version.Split('+')[0];
            foreach (var id in new[] { "SecretsKit", "SecretsKit.linux-x64", "SecretsKit.any" })
            {
                Assert.True(File.Exists(Path.Combine(artifacts, $"{id}.{version}.nupkg")), $"no {id}.{version}.nupkg in {artifacts}");
            }

            // Install as the README says, into an isolated home. The working directory's nuget.config clears every other
            // source, so only the artifacts folder is used: no network, and no same-named package from a remote feed can win.
            await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
            var isolated = new Dictionary<string, string?>(quiet, StringComparer.Ordinal)
            {
                ["HOME"] = home,
                ["DOTNET_CLI_HOME"] = home,
                ["NUGET_PACKAGES"] = Path.Combine(home, ".nuget", "packages"),
            };
            var install = await ProcessRun.RunAsync("dotnet",
                ["tool", "install", "--global", "--add-source", artifacts, "SecretsKit", "--version", version],
                isolated, cwd: work, timeout: TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "dotnet tool install --global failed:\n" + install.StdoutText + install.Stderr);

            var tool = Path.Combine(home, ".dotnet", "tools", "secretskit");
            Assert.True(File.Exists(tool), "no secretskit in " + Path.GetDirectoryName(tool));
            if (RuntimeInformation.OSArchitecture == Architecture.X64)
            {
                // The shim is the RID-specific package's apphost, and its assemblies carry precompiled code.
                var target = new FileInfo(tool).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool;
                Assert.Contains($"{Path.DirectorySeparatorChar}secretskit.linux-x64{Path.DirectorySeparatorChar}", target, StringComparison.Ordinal);
                var installed = Path.GetDirectoryName(target)!;
                Assert.True(IsReadyToRun(Path.Combine(installed, "secretskit.dll")), "secretskit.dll of the installed tool is IL only");
                Assert.True(IsReadyToRun(Path.Combine(installed, "SecretsKit.Core.dll")), "SecretsKit.Core.dll of the installed tool is IL only");
            }

            var run = await ProcessRun.RunAsync(tool, ["--version"], isolated, cwd: work, timeout: TimeSpan.FromMinutes(1));
            Assert.Equal(0, run.ExitCode);
            var printed = run.StdoutText.Trim();
            Assert.StartsWith(version + "+", printed, StringComparison.Ordinal);
            Assert.Equal(await ExpectedRevisionAsync(root), printed[(version.Length + 1)..]);

            // The README quick start: encrypt the demo file in place for the example recipient, then decrypt it with the
            // example key; the plaintext comes back byte for byte (comments included).
            var original = await File.ReadAllBytesAsync(Path.Combine(root, "examples", "demo", "secrets.yaml"));
            var file = Path.Combine(work, "secrets.yaml");
            await File.WriteAllBytesAsync(file, original);
            var encrypt = await ProcessRun.RunAsync(tool, ["encrypt", "-i", "--age", ExampleRecipient, file], isolated, cwd: work,
                timeout: TimeSpan.FromMinutes(1));
            Assert.True(encrypt.ExitCode == 0, "encrypt failed: " + encrypt.Stderr);
            var encrypted = await File.ReadAllTextAsync(file);
            Assert.Contains("ENC[AES256_GCM,", encrypted, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-demo-password", encrypted, StringComparison.Ordinal);

            var withKey = new Dictionary<string, string?>(isolated, StringComparer.Ordinal)
            {
                ["SOPS_AGE_KEY_FILE"] = Path.Combine(root, "examples", "keys", "age-example.txt"),
                ["SOPS_AGE_KEY"] = null,
                ["SOPS_AGE_KEY_CMD"] = null,
            };
            var decrypt = await ProcessRun.RunAsync(tool, ["decrypt", file], withKey, cwd: work, timeout: TimeSpan.FromMinutes(1));
            Assert.True(decrypt.ExitCode == 0, "decrypt failed: " + decrypt.Stderr);
            Assert.Equal(original, decrypt.Stdout);

            // A file encrypted elsewhere and committed with the examples decrypts too.
            var committed = await ProcessRun.RunAsync(tool,
                ["decrypt", Path.Combine(root, "examples", "pipeline", "secrets", "dev", "secrets.yaml")], withKey, cwd: work,
                timeout: TimeSpan.FromMinutes(1));
            Assert.True(committed.ExitCode == 0, "decrypt of the committed example failed: " + committed.Stderr);
            Assert.Contains("dbPassword: demo-dev-db-password-7f3a", committed.StdoutText, StringComparison.Ordinal);
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

    /// <summary>True when the assembly carries ReadyToRun code (a managed native header in its CLI header).</summary>
    private static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
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
