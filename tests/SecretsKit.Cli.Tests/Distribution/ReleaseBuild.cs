using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Distribution;

/// <summary>
/// One run of <c>scripts/release.sh OUTDIR --sign-key KEY</c> per test process, shared by the release tests and
/// <see cref="ToolPackageTests"/> (the tool packages are packed once, by the release). The key is a throwaway RSA key
/// made in a private GNUPGHOME; <see cref="PublicKeyring"/> holds its public part, as a user would import it.
/// </summary>
public sealed class ReleaseBuild
{
    private static readonly Lazy<Task<ReleaseBuild>> Shared = new(BuildAsync);

    private ReleaseBuild(string outDir, string gnupgHome, string fingerprint, string log)
    {
        OutDir = outDir;
        GnupgHome = gnupgHome;
        Fingerprint = fingerprint;
        Log = log;
    }

    /// <summary>The release's OUTDIR.</summary>
    public string OutDir { get; }

    /// <summary>The GNUPGHOME holding the signing key.</summary>
    public string GnupgHome { get; }

    /// <summary>The signing key's fingerprint (what <c>--sign-key</c> was given).</summary>
    public string Fingerprint { get; }

    /// <summary>A binary keyring with only the signing key's public part (<c>gpg --export</c>), for helm's --keyring.</summary>
    public string PublicKeyring => Path.Combine(GnupgHome, "release-pubring.gpg");

    /// <summary>What release.sh printed (its progress lines).</summary>
    public string Log { get; }

    /// <summary>The chart's appVersion, the image's tag.</summary>
    public static string AppVersion => ChartField("appVersion");

    /// <summary>The chart's version.</summary>
    public static string ChartVersion => ChartField("version");

    public static Task<ReleaseBuild> GetAsync() => Shared.Value;

    /// <summary>
    /// The release's Native AOT agent, taken out of its image (the OCI layout's last layer holds
    /// <c>app/secretskit-agent</c>), for a test that needs this commit's native agent without publishing it again.
    /// </summary>
    public async Task<string> NativeAgentAsync()
    {
        var path = Path.Combine(Path.GetDirectoryName(OutDir)!, "agent", "app", "secretskit-agent");
        if (File.Exists(path)) return path;
        var layout = Path.Combine(OutDir, "secretskit-agent-image");
        var index = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")))!;
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Blob(layout, index["manifests"]![0]!["digest"]!.GetValue<string>())))!;
        var layer = Blob(layout, manifest["layers"]!.AsArray()[^1]!["digest"]!.GetValue<string>());
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(OutDir)!, "agent"));
        var untar = await ProcessRun.RunAsync("tar", ["-xzf", layer, "-C", Path.Combine(Path.GetDirectoryName(OutDir)!, "agent"), "app/secretskit-agent"]);
        if (untar.ExitCode != 0) throw new InvalidOperationException("tar of the image's agent layer failed: " + untar.Stderr);
        return path;

        static string Blob(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
    }

    private static async Task<ReleaseBuild> BuildAsync()
    {
        var root = SharedFixtures.RepositoryRoot;
        var top = Directory.CreateTempSubdirectory("sk-release-").FullName;
        // short path: gpg-agent's socket must fit the Unix socket length limit
        var gnupg = Directory.CreateTempSubdirectory("gpg").FullName;
        File.SetUnixFileMode(gnupg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup(top, gnupg);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GNUPGHOME"] = gnupg,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        var gen = await ProcessRun.RunAsync("gpg",
            ["--batch", "--passphrase", "", "--quick-gen-key", "SecretsKit Release Test <release-test@secretskit.invalid>", "rsa3072", "sign", "never"],
            env, timeout: TimeSpan.FromMinutes(2));
        if (gen.ExitCode != 0) throw new InvalidOperationException("gpg --quick-gen-key failed: " + gen.Stderr);
        var list = await ProcessRun.RunAsync("gpg", ["--batch", "--with-colons", "--list-secret-keys"], env);
        var fingerprint = list.StdoutText.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        var export = await ProcessRun.RunAsync("gpg", ["--batch", "--export", fingerprint], env);
        await File.WriteAllBytesAsync(Path.Combine(gnupg, "release-pubring.gpg"), export.Stdout);

        var outDir = Path.Combine(top, "out");
        List<string> args = [Path.Combine(root, "scripts", "release.sh"), outDir, "--sign-key", fingerprint];
        // Local iteration only (CI sets neither): reuse an AOT agent and packed tool packages of this commit.
        if (Environment.GetEnvironmentVariable("SECRETSKIT_RELEASE_AGENT_BINARY") is { Length: > 0 } agent) args.AddRange(["--agent-binary", agent]);
        if (Environment.GetEnvironmentVariable("SECRETSKIT_RELEASE_NUPKG_DIR") is { Length: > 0 } nupkgs) args.AddRange(["--nupkg-dir", nupkgs]);
        var run = await ProcessRun.RunAsync("bash", args, env, cwd: root, timeout: TimeSpan.FromMinutes(60));
        if (run.ExitCode != 0) throw new InvalidOperationException($"scripts/release.sh failed ({run.ExitCode}):\n{run.StdoutText}{run.Stderr}");
        return new ReleaseBuild(outDir, gnupg, fingerprint, run.Stderr);
    }

    private static string ChartField(string name)
    {
        var chart = File.ReadAllLines(Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent", "Chart.yaml"));
        return chart.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Trim('"');
    }

    private static void Cleanup(string top, string gnupg)
    {
        try
        {
            ProcessRun.RunAsync("gpgconf", ["--kill", "gpg-agent"], new Dictionary<string, string?> { ["GNUPGHOME"] = gnupg },
                timeout: TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception)
        {
        }
        foreach (var dir in new[] { top, gnupg })
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
