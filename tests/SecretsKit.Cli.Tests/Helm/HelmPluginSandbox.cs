using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// Real helm 3.10.1 with private homes and the <c>secretskit</c> built next to the tests on PATH, a tiny chart that
/// renders <c>db.password</c> and <c>replicas</c> into a ConfigMap, and value files: <c>plain.yaml</c> and its encrypted
/// twin <c>secrets.yaml</c> (age).
/// </summary>
internal sealed class HelmPluginSandbox : IDisposable
{
    public const string Secret = "hunter2-helm-plugin-secret";
    public const string Plain = $"db:\n    password: {Secret}\nreplicas: 3\n";

    private HelmPluginSandbox(string helmVersion = RealHelm.Version)
    {
        Helm = new RealHelm(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), helmVersion);
        Dir = new TempDir("sk-helm-plugin-");
        Dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        Dir.Write("chart/values.yaml", "db:\n  password: none\nreplicas: 1\n");
        Dir.Write("chart/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: {{ .Values.db.password | quote }}\n  replicas: {{ .Values.replicas | quote }}\n");
        Dir.Write("plain.yaml", Plain);
    }

    public RealHelm Helm { get; }

    public TempDir Dir { get; }

    public string Chart => Dir.File("chart");

    public string SecretsFile => Dir.File("secrets.yaml");

    public static string PluginSource(string name) => Path.Combine(SharedFixtures.RepositoryRoot, "deploy", name);

    /// <summary>A sandbox with <c>secrets.yaml</c> encrypted for the test age key and the named plugins installed.</summary>
    public static Task<HelmPluginSandbox> CreateAsync(params string[] plugins) => CreateAsync(RealHelm.Version, plugins);

    /// <summary>The same sandbox over the real Helm 4.1.4, with the named plugin folders (paths under deploy/) installed.</summary>
    public static Task<HelmPluginSandbox> CreateHelm4Async(params string[] plugins) => CreateAsync(RealHelm.Helm4Version, plugins);

    private static async Task<HelmPluginSandbox> CreateAsync(string helmVersion, string[] plugins)
    {
        var sandbox = new HelmPluginSandbox(helmVersion);
        sandbox.Dir.Write("secrets.yaml", Plain);
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, sandbox.SecretsFile]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        foreach (var plugin in plugins) await sandbox.Helm.InstallPluginAsync(PluginSource(plugin));
        return sandbox;
    }

    /// <summary>Runs the real helm in the sandbox dir with the test age key, isolated from the developer's keys.</summary>
    public Task<ProcessRun.Result> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null) =>
        Helm.RunAsync(args, Environment(env), cwd: Dir.Path);

    /// <summary>The environment helm runs with in this sandbox (<see cref="RunAsync"/>), plus <paramref name="env"/>.</summary>
    public Dictionary<string, string?> Environment(IDictionary<string, string?>? env = null)
    {
        var all = new Dictionary<string, string?>(Helm.Environment(), StringComparer.Ordinal)
        {
            ["HOME"] = CliRunner.IsolatedHome,
            ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile,
            ["SOPS_AGE_KEY"] = null,
            ["GNUPGHOME"] = Path.Combine(Dir.Path, "no-gnupg"),
            ["ARGOCD_APP_NAME"] = null,
            ["HELM_SECRETS_QUIET"] = null,
        };
        if (env is not null)
        {
            foreach (var (k, v) in env) all[k] = v;
        }
        return all;
    }

    /// <summary>What plain helm renders from the plaintext values: the reference every secret render must equal.</summary>
    public async Task<string> PlainRenderAsync()
    {
        var plain = await RunAsync(["template", "rel", Chart, "-f", Dir.File("plain.yaml")]);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Contains(Secret, plain.StdoutText, StringComparison.Ordinal);
        return plain.StdoutText;
    }

    public void Dispose()
    {
        Helm.Dispose();
        Dir.Dispose();
    }
}
