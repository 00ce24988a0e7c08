using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// The two blocks of docs/helm4.md that cannot run on a fresh machine, run as written on the real Helm 4.1.4: the
/// migration from helm-secrets' own three Helm 4 plugins (over stand-ins with their names, types and folder names)
/// and the advice for a failing post-renderer (the pipe shows the reference that failed).
/// </summary>
public sealed class Helm4DocsTests
{
    private static string Page => File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "docs", "helm4.md"));

    /// <summary>The first shell block of docs/helm4.md whose text contains <paramref name="marker"/>.</summary>
    private static string Block(string marker)
    {
        var parts = Page.Split("```sh\n");
        return parts.Skip(1).Select(p => p[..p.IndexOf("```", StringComparison.Ordinal)]).First(b => b.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_migration_lines_replace_helm_secrets_three_helm_4_plugins_and_every_plugin_still_loads()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async();
        using var old = new TempDir("sk-helm-secrets-helm4-");
        // helm-secrets 4.7's Helm 4 plugins, as far as loading goes: folder names plugins/helm-secrets-{cli,getter,post-renderer}
        old.Write("helm-secrets-cli/plugin.yaml", "apiVersion: v1\ntype: cli/v1\nname: secrets\nversion: 4.7.7\nruntime: subprocess\nconfig:\n  usage: secrets\n"
            + "runtimeConfig:\n  platformCommand:\n    - command: echo\n      args: [old-helm-secrets]\n");
        old.Write("helm-secrets-getter/plugin.yaml", "apiVersion: v1\ntype: getter/v1\nname: secrets-getter\nversion: 4.7.7\nruntime: subprocess\n"
            + "config:\n  protocols: [secrets]\nruntimeConfig:\n  protocolCommands:\n    - protocols: [secrets]\n      platformCommand:\n        - command: scripts/run.sh\n");
        old.Write("helm-secrets-post-renderer/plugin.yaml", "apiVersion: v1\ntype: postrenderer/v1\nname: secrets-post-renderer\nversion: 4.7.7\nruntime: subprocess\n"
            + "runtimeConfig:\n  platformCommand:\n    - command: cat\n");
        foreach (var folder in Directory.GetDirectories(old.Path)) await sandbox.Helm.InstallPluginAsync(folder);
        var env = sandbox.Environment();

        var run = await ProcessRun.RunAsync("bash", ["-euo", "pipefail", "-c", Block("deploy/helm-plugins.sh install --replace secrets")], env, null, SharedFixtures.RepositoryRoot);
        var decrypt = await sandbox.RunAsync(["secrets", "decrypt", "secrets.yaml"]);

        Assert.True(run.ExitCode == 0, run.Stderr + run.StdoutText);
        Assert.Contains("4.7.7+secretskit", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("4.7.7 ", run.StdoutText, StringComparison.Ordinal);
        Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, decrypt.StdoutText);
    }

    [Fact]
    public async Task The_post_renderer_advice_shows_the_reference_that_failed_when_helm_4_hides_it()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async("helm-plugin/helm4/secretskit-post-renderer");
        var block = Block("| secretskit post-renderer");
        var command = block.Split('\n')[0];
        var env = sandbox.Environment(new Dictionary<string, string?> { ["WEB_LOG_LEVEL"] = null });

        var viaHelm = await sandbox.RunAsync(["template", "web", Path.Combine(SharedFixtures.RepositoryRoot, "examples", "helmfile", "charts", "web"),
            "--set", "logLevel=ref+env://WEB_LOG_LEVEL", "--post-renderer", "secretskit-post-renderer"], env);
        var advice = await ProcessRun.RunAsync("bash", ["-c", command], env, null, SharedFixtures.RepositoryRoot);

        Assert.NotEqual(0, viaHelm.ExitCode);
        Assert.DoesNotContain("WEB_LOG_LEVEL", viaHelm.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, advice.ExitCode);
        Assert.Contains(block.Split('\n')[1].TrimStart('#', ' '), advice.Stderr, StringComparison.Ordinal);
    }
}
