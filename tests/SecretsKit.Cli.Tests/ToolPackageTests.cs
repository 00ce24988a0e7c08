using System.Runtime.InteropServices;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// <c>scripts/pack.sh</c> (run by <c>scripts/release.sh</c>) gives a working .NET tool: installed with
/// <c>dotnet tool install --global --add-source</c> from the release's folder, exactly as the README's Distribution section says, into an isolated home, the installed <c>secretskit</c>
/// prints version and commit, round-trips the README quick-start file with the example age key and decrypts committed
/// files, and <c>secretskit keyservice</c> starts the key service's executable shipped beside it. On linux-x64 the install
/// must resolve to the RID-specific package's native (AOT) executables.
/// </summary>
public sealed class ToolPackageTests
{
    private const string ExampleRecipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl";

    private static readonly Dictionary<string, string?> Quiet = new(StringComparer.Ordinal)
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
    };

    [Fact]
    public async Task Packed_tool_installs_globally_from_the_artifacts_folder_and_decrypts_with_the_example_key()
    {
        var root = SharedFixtures.RepositoryRoot;
        using var temp = new TempDir("sk-toolpack-");
        var work = Directory.CreateDirectory(temp.File("work")).FullName;
        var artifacts = await PackAsync(root, temp.File("artifacts"));
        var isolated = await InstallAsync(artifacts, Directory.CreateDirectory(temp.File("home")).FullName, work);

        var tool = Path.Combine(isolated["HOME"]!, ".dotnet", "tools", "secretskit");
        Assert.True(File.Exists(tool), "no secretskit in " + Path.GetDirectoryName(tool));
        if (OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64)
        {
            AssertNativeExecutableOfTheLinuxPackage(tool);
        }

        var run = await ProcessRun.RunAsync(tool, ["--version"], isolated, cwd: work, timeout: TimeSpan.FromMinutes(1));
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("secretskit ", run.StdoutText, StringComparison.Ordinal);
        var printed = run.StdoutText.Trim()["secretskit ".Length..];
        var version = CliApp.Version.Split('+')[0];
        Assert.StartsWith(version + "+", printed, StringComparison.Ordinal);
        Assert.Equal(await ExpectedRevisionAsync(root), printed[(version.Length + 1)..]);

        // a `sops` link to the installed tool: the tool reads the name it was started by from its own command line
        var sops = Path.Combine(work, "sops");
        File.CreateSymbolicLink(sops, tool);
        var asSops = await ProcessRun.RunAsync(sops, ["--version"], isolated, cwd: work, timeout: TimeSpan.FromMinutes(1));
        Assert.Equal(0, asSops.ExitCode);
        Assert.Equal($"sops {Core.Metadata.SopsVersion.Current} (secretskit {printed})\n", asSops.StdoutText);

        await AssertQuickStartRoundTripsAsync(tool, root, work, isolated);
        await AssertKeyServiceServesAsync(tool, work, isolated);
    }

    /// <summary><c>secretskit keyservice</c> on a unix socket: it says where it listens, and SIGTERM ends it with 0 and removes the socket.</summary>
    private static async Task AssertKeyServiceServesAsync(string tool, string work, Dictionary<string, string?> isolated)
    {
        var socket = Path.Combine(work, "ks.sock");
        var psi = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = work };
        foreach (var a in new[] { "keyservice", "--network", "unix", "--address", socket }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in isolated) psi.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(psi)!;
        try
        {
            // sops-style log lines (" INFO[time] Listening on …"); the first that says where it listens must name the socket
            string? line;
            do line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            while (line is not null && !line.Contains("Listening on ", StringComparison.Ordinal));
            Assert.EndsWith($"] Listening on unix://{socket}", line ?? "(the key service ended without saying where it listens)", StringComparison.Ordinal);
            await ProcessRun.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(socket));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// The packages scripts/release.sh packed with scripts/pack.sh (shared with the release tests, so CI packs once), or,
    /// where the release's Debian tools are missing, scripts/pack.sh run here; with the real home, so restore finds the
    /// packages already cached here.
    /// </summary>
    internal static async Task<string> PackAsync(string root, string artifacts)
    {
        if (SecretsKit.Testing.Registry.ReleaseTools.MissingReason() is null)
        {
            artifacts = (await Distribution.ReleaseBuild.GetAsync()).OutDir;
        }
        else
        {
            var pack = await ProcessRun.RunAsync("bash", [Path.Combine(root, "scripts", "pack.sh"), artifacts],
                Quiet, cwd: root, timeout: TimeSpan.FromMinutes(30));
            Assert.True(pack.ExitCode == 0, "scripts/pack.sh failed:\n" + pack.StdoutText + pack.Stderr);
        }

        // The tool package points at RID-specific packages packed beside it: linux-x64 and the portable fallback.
        var version = CliApp.Version.Split('+')[0];
        foreach (var id in new[] { "SecretsKit", "SecretsKit.linux-x64", "SecretsKit.any" })
        {
            Assert.True(File.Exists(Path.Combine(artifacts, $"{id}.{version}.nupkg")), $"no {id}.{version}.nupkg in {artifacts}");
        }
        return artifacts;
    }

    /// <summary>
    /// Installs as the README says, into an isolated home. The working directory's nuget.config clears every other
    /// source, so only the artifacts folder is used: no network, and no same-named package from a remote feed can win.
    /// Returns the isolated environment.
    /// </summary>
    internal static async Task<Dictionary<string, string?>> InstallAsync(string artifacts, string home, string work)
    {
        await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        var isolated = new Dictionary<string, string?>(Quiet, StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = Path.Combine(home, ".nuget", "packages"),
        };
        var install = await ProcessRun.RunAsync("dotnet",
            ["tool", "install", "--global", "--add-source", artifacts, "SecretsKit", "--version", CliApp.Version.Split('+')[0]],
            isolated, cwd: work, timeout: TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, "dotnet tool install --global failed:\n" + install.StdoutText + install.Stderr);
        return isolated;
    }

    /// <summary>
    /// The command is the linux-x64 package's own executable: an ELF file with no managed assembly beside it (so no .NET
    /// runtime starts: a native AOT build), not an apphost that would load <c>secretskit.dll</c>.
    /// </summary>
    private static void AssertNativeExecutableOfTheLinuxPackage(string tool)
    {
        var target = new FileInfo(tool).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool;
        Assert.Contains($"{Path.DirectorySeparatorChar}secretskit.linux-x64{Path.DirectorySeparatorChar}", target, StringComparison.Ordinal);
        var magic = new byte[4];
        using (var stream = File.OpenRead(target))
        {
            stream.ReadExactly(magic);
        }
        Assert.Equal("\u007fELF"u8.ToArray(), magic);
        var installed = Path.GetDirectoryName(target)!;
        Assert.Empty(Directory.GetFiles(installed, "*.dll"));
        using (var keyservice = File.OpenRead(Path.Combine(installed, "secretskit-keyservice"))) // native too
        {
            keyservice.ReadExactly(magic);
        }
        Assert.Equal("\u007fELF"u8.ToArray(), magic);
        Assert.False(File.Exists(Path.Combine(installed, "secretskit.runtimeconfig.json")), "the installed tool is framework-dependent");
        // the lean CLI links libsodium statically: its ISC notice ships beside it
        var notice = File.ReadAllText(Path.Combine(installed, "libsodium-copyright.txt"));
        Assert.Contains("License: ISC", notice, StringComparison.Ordinal);
        Assert.Contains("Frank Denis", notice, StringComparison.Ordinal);
    }

    /// <summary>
    /// The README quick start: encrypt the demo file in place for the example recipient, then decrypt it with the example
    /// key; the plaintext comes back byte for byte (comments included). Then a JSON file and a committed example.
    /// </summary>
    private static async Task AssertQuickStartRoundTripsAsync(string tool, string root, string work, Dictionary<string, string?> isolated)
    {
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
            ["SOPS_AGE_KEY_FILE"] = SharedFixtures.AllExampleKeys, // the demo key and the example environments'
            ["SOPS_AGE_KEY"] = null,
            ["SOPS_AGE_KEY_CMD"] = null,
        };
        var decrypt = await ProcessRun.RunAsync(tool, ["decrypt", file], withKey, cwd: work, timeout: TimeSpan.FromMinutes(1));
        Assert.True(decrypt.ExitCode == 0, "decrypt failed: " + decrypt.Stderr);
        Assert.Equal(original, decrypt.Stdout);

        // JSON through stdin and out as YAML, and the value set in place comes back.
        var json = Path.Combine(work, "app.json");
        await File.WriteAllTextAsync(json, "{\"db\": {\"password\": \"pw-1\"}, \"port\": 5432}\n");
        var jsonEncrypt = await ProcessRun.RunAsync(tool, ["encrypt", "-i", "--age", ExampleRecipient, json], isolated, cwd: work,
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(jsonEncrypt.ExitCode == 0, "JSON encrypt failed: " + jsonEncrypt.Stderr);
        var set = await ProcessRun.RunAsync(tool, ["set", json, "[\"db\"][\"password\"]", "\"pw-2\""], withKey, cwd: work,
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(set.ExitCode == 0, "set failed: " + set.Stderr);
        var asYaml = await ProcessRun.RunAsync(tool, ["decrypt", "--output-type", "yaml", json], withKey, cwd: work,
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(asYaml.ExitCode == 0, "JSON decrypt failed: " + asYaml.Stderr);
        Assert.Equal("db:\n    password: pw-2\nport: 5432\n", asYaml.StdoutText);

        // A file encrypted elsewhere and committed with the examples decrypts too.
        var committed = await ProcessRun.RunAsync(tool,
            ["decrypt", Path.Combine(root, "examples", "pipeline", "secrets", "dev", "secrets.yaml")], withKey, cwd: work,
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(committed.ExitCode == 0, "decrypt of the committed example failed: " + committed.Stderr);
        Assert.Contains("dbPassword: demo-dev-db-password-7f3a", committed.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_option_prints_a_commit_of_this_repository()
    {
        // The test binary may predate the latest commit, so this checks the stamp names a real commit (the packing
        // test above rebuilds and checks it equals HEAD).
        var run = await CliRunner.RunAsync(["--version"]);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("secretskit ", run.StdoutText, StringComparison.Ordinal);
        var printed = run.StdoutText.Trim()["secretskit ".Length..];
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
