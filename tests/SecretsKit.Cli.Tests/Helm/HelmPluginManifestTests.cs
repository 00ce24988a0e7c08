using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>Both plugin manifests against the real helm 3.10.1: they load, list, run, and leave other plugins working.</summary>
public sealed class HelmPluginManifestTests
{
    [Fact]
    public async Task Both_plugins_install_on_helm_3_10_and_an_unrelated_plugin_still_lists_and_runs()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-plugin", "helm-secrets-plugin");
        using var other = new TempDir("sk-dummy-plugin-");
        other.Write("plugin.yaml", "name: dummy\nversion: 1.2.3\nusage: an unrelated plugin\ndescription: an unrelated plugin\ncommand: \"echo dummy-ran\"\n");
        await sandbox.Helm.InstallPluginAsync(other.Path);

        var list = await sandbox.RunAsync(["plugin", "list"]);

        Assert.True(list.ExitCode == 0, list.Stderr);
        var rows = list.StdoutText.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')[0].Trim()).ToList();
        Assert.Equal(["dummy", "secrets", "secretskit"], rows.Order(StringComparer.Ordinal));
        Assert.Equal("", list.Stderr);
        var dummy = await sandbox.RunAsync(["dummy", "x"]);
        Assert.Equal("dummy-ran x\n", dummy.StdoutText);
    }

    [Fact]
    public async Task Helm_secretskit_template_renders_the_decrypted_values_like_a_plain_render()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-plugin");

        var run = await sandbox.RunAsync(["secretskit", "template", "rel", sandbox.Chart, "-f", "secrets.yaml"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
        Assert.Contains("Decrypt: secrets.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, run.Stderr, StringComparison.Ordinal);
        var help = await sandbox.RunAsync(["secretskit", "template", "--help"]);
        Assert.Contains("helm template [NAME] [CHART] [flags]", help.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm-plugin")]
    [InlineData("helm-secrets-plugin")]
    public async Task Plain_helm_template_with_a_secrets_url_decrypts_through_the_plugin_getter(string plugin)
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync(plugin);

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://secrets.yaml", "-f", "secrets://?missing.yaml"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Helm_exit_code_and_stderr_pass_through_the_wrapper_unchanged()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-plugin");
        var direct = await sandbox.RunAsync(["template", "rel", sandbox.Dir.File("no-such-chart")]);

        var wrapped = await sandbox.RunAsync(["secretskit", "-q", "template", "rel", sandbox.Dir.File("no-such-chart"), "-f", "secrets.yaml"]);

        Assert.NotEqual(0, direct.ExitCode);
        Assert.Equal(direct.ExitCode, wrapped.ExitCode);
        Assert.StartsWith(direct.Stderr.TrimEnd(), wrapped.Stderr, StringComparison.Ordinal);
        Assert.Equal(direct.StdoutText, wrapped.StdoutText);
    }
}
