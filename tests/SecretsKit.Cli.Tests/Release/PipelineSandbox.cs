using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A copy of examples/pipeline and examples/pipeline-app in a temp dir, a stateful fake helm, the example age keys,
/// and a private TMPDIR so a test can prove no decrypted file outlives a run.
/// </summary>
internal sealed class PipelineSandbox : IDisposable
{
    public static readonly string[] DemoSecrets = ["demo-dev-db-password-7f3a", "demo-dev-api-token-c41d"];

    private readonly TempDir _root = new("sk-release-");

    public PipelineSandbox()
    {
        var examples = Path.Combine(SharedFixtures.RepositoryRoot, "examples");
        Copy(Path.Combine(examples, "pipeline"), Path.Combine(_root.Path, "pipeline"));
        Copy(Path.Combine(examples, "pipeline-app"), Path.Combine(_root.Path, "pipeline-app"));
        Directory.CreateDirectory(TempDirectory);
        AgeKeyFile = SharedFixtures.AllExampleKeys; // each environment has its own key
    }

    public FakeHelm Helm { get; } = new();

    public string WorkDir => Path.Combine(_root.Path, "pipeline");

    public string TempDirectory => Path.Combine(_root.Path, "tmp");

    public string AgeKeyFile { get; }

    public string PathOf(string relative) => Path.Combine(WorkDir, relative);

    public Dictionary<string, string?> Env(string? failTest = null, string? failLint = null)
    {
        var env = Helm.Environment(stateful: true);
        env["SOPS_AGE_KEY_FILE"] = AgeKeyFile;
        env["TMPDIR"] = TempDirectory;
        env["FAKE_HELM_FAIL_TEST"] = failTest;
        env["FAKE_HELM_FAIL_LINT"] = failLint;
        return env;
    }

    public Task<ProcessRun.Result> RunAsync(string verb, IEnumerable<string>? extra = null, string? failTest = null, string? failLint = null,
        bool recordOutput = true) =>
        // --skip-validate: the fake helm's rendering is not a valid manifest; --skip-policy: it copies the values files,
        // decrypted secrets included, into a ConfigMap (SK-PLAINTEXT-001 by design); --skip-unittest: the chart's suite
        // asserts on what the real chart renders. The three stages are tested with the real helm (ReleaseUnitTestCliTests).
        CliRunner.RunAsync(new[] { "release", verb, "-e", "dev", "--skip-validate", "--skip-policy", "--skip-unittest", "--no-lock" }.Concat(extra ?? []), Env(failTest, failLint), cwd: WorkDir,
            recordOutput: recordOutput);

    /// <summary><see cref="Env"/> with <paramref name="real"/>'s homes and a helm that renders with it and deploys to the fake (<see cref="RealRenderingHelm"/>).</summary>
    public Dictionary<string, string?> EnvWithRealRendering(RealHelm real, TempDir dir)
    {
        var env = real.Environment();
        foreach (var (k, v) in Env()) env[k] = v;
        env["HELM_BIN"] = RealRenderingHelm.Write(dir, Helm.HelmPath, real.HelmPath);
        return env;
    }

    public IEnumerable<string> Upgrades => Helm.Calls.Where(c => c.StartsWith("upgrade ", StringComparison.Ordinal));

    /// <summary>
    /// No private dir left in TMPDIR, no value file helm was given still on disk (but the state's own and the plaintext
    /// files the command line named, <paramref name="given"/>), no secret in any argv.
    /// </summary>
    public void AssertNoPlaintextLeft(params string[] given)
    {
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(TempDirectory));
        foreach (var call in Helm.Invocations)
        {
            foreach (var path in call.ValuePaths.Where(p => !p.StartsWith("values/", StringComparison.Ordinal) && !given.Contains(p)))
            {
                Assert.False(File.Exists(path), $"{path} still exists");
            }
            foreach (var secret in DemoSecrets)
            {
                Assert.DoesNotContain(call.Args, a => a.Contains(secret, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Copies a directory tree (the examples sandboxes start from).</summary>
    internal static void Copy(string from, string to)
    {
        foreach (var dir in System.IO.Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    public void Dispose()
    {
        Helm.Dispose();
        _root.Dispose();
    }
}
