using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// A new user's way through the docs with either real helm first on PATH (4.1.4, 3.10.1) and a fresh HOME (helm's
/// default plugin folder, no HELM_* variables): the plugin install lines of the README, then
/// docs/migrate-from-helm-secrets.md, then docs/helm4.md, as written and in that order, leave <c>helm plugin list</c>
/// working and <c>helm secrets</c> answering; <c>deploy/helm-plugins.sh</c> also recovers the state the earlier docs left
/// on Helm 4 (the Helm 3 drop-in beside the Helm 4 one: no plugin loads), refuses helm-secrets itself without
/// <c>--replace</c> and uninstalls where <c>helm plugin uninstall</c> cannot.
/// </summary>
public sealed class HelmPluginInstallTests
{
    private static readonly string[] PagesInReadingOrder = ["README.md", "docs/migrate-from-helm-secrets.md", "docs/helm4.md"];

    private static string Script => Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "helm-plugins.sh");

    /// <summary>Every line of the pages' shell blocks that installs plugins, in reading order.</summary>
    private static List<string> InstallLines() =>
        PagesInReadingOrder.SelectMany(page => File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, page)).Split('\n'))
            .Where(line => line.StartsWith("deploy/helm-plugins.sh ", StringComparison.Ordinal) || line.StartsWith("helm plugin install", StringComparison.Ordinal))
            .ToList();

    [Theory]
    [InlineData(RealHelm.Helm4Version)]
    [InlineData(RealHelm.Version)]
    public async Task The_docs_install_lines_in_reading_order_leave_every_plugin_loading(string helmVersion)
    {
        using var user = new FreshUser(helmVersion);
        var lines = InstallLines();
        Assert.True(lines.Count >= 3, string.Join('\n', lines));
        Assert.DoesNotContain(lines, l => l.StartsWith("helm plugin install", StringComparison.Ordinal));

        foreach (var line in lines)
        {
            var run = await user.ShellAsync(line);
            Assert.True(run.ExitCode == 0, $"{line}\n{run.Stderr}{run.StdoutText}");
        }

        await user.AssertEveryPluginLoadsAsync(helmVersion == RealHelm.Helm4Version ? 6 : 2);
    }

    [Fact]
    public async Task On_helm_4_it_recovers_the_state_the_helm_3_instructions_left_and_uninstalls_when_helm_cannot()
    {
        using var user = new FreshUser(RealHelm.Helm4Version);
        // what the earlier README and docs/helm4.md did: Helm 3's drop-in, then Helm 4's, both named `secrets`
        await user.Helm.RunAsync(["plugin", "install", Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "helm-secrets-plugin")], user.Env);
        await user.Helm.RunAsync(["plugin", "install", Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "helm-secrets-plugin", "helm4", "secrets")], user.Env);
        var broken = await user.Helm.RunAsync(["plugin", "uninstall", "secrets"], user.Env);
        Assert.Contains("two plugins claim the name", broken.Stderr, StringComparison.Ordinal);

        var uninstall = await user.ShellAsync("deploy/helm-plugins.sh uninstall");
        Assert.True(uninstall.ExitCode == 0, uninstall.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(user.PluginsDirectory));

        var install = await user.ShellAsync("deploy/helm-plugins.sh install secrets");
        Assert.True(install.ExitCode == 0, install.Stderr);
        await user.AssertEveryPluginLoadsAsync(3);
    }

    [Theory]
    [InlineData(RealHelm.Helm4Version)]
    [InlineData(RealHelm.Version)]
    public async Task Helm_secrets_itself_is_named_and_left_alone_without_replace_and_replaced_with_it(string helmVersion)
    {
        using var user = new FreshUser(helmVersion);
        using var old = new TempDir("sk-helm-secrets-");
        old.Write("helm-secrets/plugin.yaml", "name: secrets\nversion: 4.7.7\nusage: old\ndescription: old\ncommand: echo old-helm-secrets\n");
        await user.Helm.RunAsync(["plugin", "install", old.File("helm-secrets")], user.Env);

        var refused = await user.ShellAsync("deploy/helm-plugins.sh install");
        var replaced = await user.ShellAsync("deploy/helm-plugins.sh install --replace");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is plugin 'secrets' 4.7.7, not SecretsKit's", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--replace", refused.Stderr, StringComparison.Ordinal);
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
        Assert.True(Directory.Exists(old.File("helm-secrets")), "the removed plugin's link, not its folder, goes");
        await user.AssertEveryPluginLoadsAsync(helmVersion == RealHelm.Helm4Version ? 6 : 2);
    }

    /// <summary>A fresh HOME with the given real helm and the built <c>secretskit</c> first on PATH, no HELM_* set.</summary>
    private sealed class FreshUser : IDisposable
    {
        private readonly TempDir _dir = new("sk-plugin-user-");

        public FreshUser(string helmVersion)
        {
            Helm = new RealHelm(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), helmVersion);
            _dir.Write("secrets.yaml", HelmPluginSandbox.Plain);
            Env = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["HOME"] = _dir.File("home"),
                ["XDG_CONFIG_HOME"] = null, ["XDG_DATA_HOME"] = null, ["XDG_CACHE_HOME"] = null,
                ["HELM_CONFIG_HOME"] = null, ["HELM_DATA_HOME"] = null, ["HELM_CACHE_HOME"] = null, ["HELM_PLUGINS"] = null,
                ["HELM_REPOSITORY_CONFIG"] = null, ["HELM_REPOSITORY_CACHE"] = null, ["HELM_REGISTRY_CONFIG"] = null, ["HELM_BIN"] = null,
                ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["SOPS_AGE_KEY"] = null,
                ["PATH"] = Helm.Environment()["PATH"],
            };
            Directory.CreateDirectory(_dir.File("home"));
        }

        public RealHelm Helm { get; }

        public Dictionary<string, string?> Env { get; }

        /// <summary>Helm's default plugin folder under the fresh HOME.</summary>
        public string PluginsDirectory => Path.Combine(_dir.File("home"), ".local", "share", "helm", "plugins");

        public Task<ProcessRun.Result> ShellAsync(string line) =>
            ProcessRun.RunAsync("bash", ["-euo", "pipefail", "-c", line], Env, null, SharedFixtures.RepositoryRoot, TimeSpan.FromMinutes(2));

        public async Task AssertEveryPluginLoadsAsync(int plugins)
        {
            var list = await Helm.RunAsync(["plugin", "list"], Env);
            Assert.True(list.ExitCode == 0, list.Stderr);
            Assert.Equal(plugins, list.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
            Assert.DoesNotContain("two plugins claim", list.Stderr, StringComparison.Ordinal);
            var help = await Helm.RunAsync(["secrets", "--help"], Env);
            Assert.True(help.ExitCode == 0, help.Stderr + help.StdoutText);
            Assert.Contains("decrypt", help.StdoutText, StringComparison.Ordinal);
            var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, _dir.File("secrets.yaml")]);
            Assert.True(enc.ExitCode == 0, enc.Stderr);
            var decrypt = await Helm.RunAsync(["secrets", "decrypt", _dir.File("secrets.yaml")], Env);
            Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
            Assert.Equal(HelmPluginSandbox.Plain, decrypt.StdoutText);
        }

        public void Dispose()
        {
            Helm.Dispose();
            _dir.Dispose();
        }
    }
}
