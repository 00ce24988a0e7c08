using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A copy of examples/helmfile (or of another helmfile layout of the repository, such as tests/fixtures/seed-release) in
/// a temp dir, a stateful fake helm, the example age keys and a private TMPDIR.
/// </summary>
internal sealed class HelmfileSandbox : IDisposable
{
    public static readonly string[] StagingSecrets = ["demo-staging-db-password-1bee", "demo-staging-api-token-e1dc"];

    private readonly TempDir _root = new("sk-helmfile-");
    private readonly IReadOnlyList<string> _secrets;

    public HelmfileSandbox()
        : this(Path.Combine("examples", "helmfile"), StagingSecrets)
    {
    }

    /// <summary>A copy of <paramref name="layout"/> (relative to the repository root) whose decrypted values include <paramref name="secrets"/>.</summary>
    public HelmfileSandbox(string layout, IReadOnlyList<string> secrets)
    {
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, layout), WorkDir);
        Directory.CreateDirectory(TempDirectory);
        AgeKeyFile = SharedFixtures.AllExampleKeys; // each environment has its own key
        _secrets = secrets;
    }

    public FakeHelm Helm { get; } = new();

    public string WorkDir => Path.Combine(_root.Path, "helmfile");

    public string TempDirectory => Path.Combine(_root.Path, "tmp");

    public string AgeKeyFile { get; }

    public string PathOf(string relative) => Path.Combine(WorkDir, relative);

    public void Edit(string relative, string from, string to)
    {
        var text = File.ReadAllText(PathOf(relative));
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(PathOf(relative), text.Replace(from, to, StringComparison.Ordinal));
    }

    public Dictionary<string, string?> Env(string? helm = null)
    {
        var env = Helm.Environment(stateful: true);
        if (helm is not null) env["HELM_BIN"] = helm;
        env["SOPS_AGE_KEY_FILE"] = AgeKeyFile;
        env["TMPDIR"] = TempDirectory;
        return env;
    }

    /// <summary>
    /// <c>secretskit release ARGS --skip-validate --skip-policy</c>: the fake helm's rendering is not a valid manifest
    /// (inline template actions become the word "fake") and copies the values files, decrypted secrets included, into a
    /// ConfigMap (SK-PLAINTEXT-001 by design), so both stages are tested with the real helm (ReleaseValidateCliTests,
    /// ReleasePolicyCliTests, PlaintextReleaseCliTests).
    /// </summary>
    public Task<ProcessRun.Result> RunAsync(params string[] args) => CliRunner.RunAsync(["release", .. args, "--skip-validate", "--skip-policy", "--no-lock"], Env(), cwd: WorkDir);

    public IEnumerable<string> Upgrades => Helm.Calls.Where(c => c.StartsWith("upgrade ", StringComparison.Ordinal));

    /// <summary>No private dir left in TMPDIR and no secret of the layout in any helm argv.</summary>
    public void AssertNoPlaintextLeft()
    {
        Assert.Empty(Directory.GetFileSystemEntries(TempDirectory));
        foreach (var call in Helm.Invocations)
        {
            foreach (var secret in _secrets) Assert.DoesNotContain(call.Args, a => a.Contains(secret, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        Helm.Dispose();
        _root.Dispose();
    }
}
