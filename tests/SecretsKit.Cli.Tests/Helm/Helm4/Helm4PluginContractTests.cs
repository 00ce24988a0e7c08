using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// The Helm 4.2 contract, where Helm 4.2 is stricter than the real Helm 4.1.4 that <see cref="RealHelm4Tests"/> runs:
/// SecretsKit's six Helm 4 plugin folders are loaded by the rules of Helm 4.2.4's loader (<see cref="Helm4Loader"/>) and each is run the way Helm 4 invokes its type
/// (<see cref="Helm4Invoker"/>), with the real helm 3.10.1 as the helm a cli/v1 plugin calls back. Each rule names
/// the Helm source file it comes from; tests/peers/helm4-conformance.sh runs the same rules over helm-secrets' own
/// Helm 4 manifests as a positive control.
/// </summary>
public sealed class Helm4PluginContractTests
{
    /// <summary>The six Helm 4 plugin folders, relative to deploy/ (also installed by <see cref="RealHelm4Tests"/>).</summary>
    internal static readonly string[] Folders =
    [
        "helm-plugin/helm4/secretskit", "helm-plugin/helm4/secretskit-getter", "helm-plugin/helm4/secretskit-post-renderer",
        "helm-secrets-plugin/helm4/secrets", "helm-secrets-plugin/helm4/secrets-getter", "helm-secrets-plugin/helm4/secrets-post-renderer",
    ];

    private static string Folder(string relative) => Path.Combine(SharedFixtures.RepositoryRoot, "deploy", relative);

    private static Helm4Plugin Plugin(string relative) => Helm4Loader.Load(Folder(relative));

    [Fact]
    public void All_six_helm4_plugins_load_together_by_helm_4_2_rules_with_unique_names_and_their_types()
    {
        using var plugins = new TempDir("sk-helm4-plugins-");
        foreach (var f in Folders) Directory.CreateSymbolicLink(Path.Combine(plugins.Path, Path.GetFileName(f)), Folder(f));

        var loaded = Helm4Loader.LoadAll(plugins.Path).ToDictionary(p => p.Name, p => p.Type);

        Assert.Equal(new Dictionary<string, string>
        {
            ["secretskit"] = "cli/v1", ["secretskit-getter"] = "getter/v1", ["secretskit-post-renderer"] = "postrenderer/v1",
            ["secrets"] = "cli/v1", ["secrets-getter"] = "getter/v1", ["secrets-post-renderer"] = "postrenderer/v1",
        }, loaded);
        Assert.Equal("secretskit", Plugin(Folders[0]).CommandName);
        Assert.Equal("secrets", Plugin(Folders[3]).CommandName);
        Assert.Equal(["secrets", "secrets+gpg-import", "secrets+gpg-import-kubernetes", "secrets+age-import", "secrets+age-import-kubernetes", "secrets+literal"],
            Plugin(Folders[4]).Protocols);
    }

    [Fact]
    public void The_helm3_manifests_load_on_helm_4_as_getters_only_and_clash_with_the_helm4_secrets_plugin()
    {
        // internal/plugin/metadata.go fromMetadataLegacy: a legacy manifest with downloaders is getter/v1, its command is lost
        Assert.Equal("getter/v1", Helm4Loader.Load(Folder("helm-plugin")).Type);
        Assert.Equal("getter/v1", Helm4Loader.Load(Folder("helm-secrets-plugin")).Type);
        using var plugins = new TempDir("sk-helm4-clash-");
        Directory.CreateSymbolicLink(Path.Combine(plugins.Path, "secrets"), Folder("helm-secrets-plugin"));
        Directory.CreateSymbolicLink(Path.Combine(plugins.Path, "secrets-cli"), Folder("helm-secrets-plugin/helm4/secrets"));

        var error = Assert.Throws<Helm4LoadException>(() => Helm4Loader.LoadAll(plugins.Path));

        Assert.Contains("internal/plugin/loader.go", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postrenderer/v1", "config:\n  usage: x\n", "internal/plugin/schema/postrenderer.go")]
    [InlineData("cli/v1", "config:\n  usage: x\n  description: y\n", "internal/plugin/schema/cli.go")]
    [InlineData("getter/v1", "config:\n  protocols: []\n", "internal/plugin/schema/getter.go")]
    [InlineData("cli/v1", "downloaders: []\n", "internal/plugin/loader.go")]
    public void A_manifest_helm_4_2_rejects_is_rejected_naming_the_helm_source_file(string type, string extra, string rule)
    {
        using var dir = new TempDir("sk-helm4-bad-");
        dir.Write("plugin.yaml", $"apiVersion: v1\ntype: {type}\nname: bad\nversion: 1.0.0\nruntime: subprocess\n{extra}");

        var error = Assert.Throws<Helm4LoadException>(() => Helm4Loader.Load(dir.Path));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_getter_whose_command_is_a_bare_secretskit_fails_because_helm_4_joins_it_to_the_plugin_dir()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        using var dir = new TempDir("sk-helm4-old-getter-");
        dir.Write("plugin.yaml", "apiVersion: v1\ntype: getter/v1\nname: old\nversion: 0.1.0\nruntime: subprocess\nconfig:\n  protocols: [secrets]\n"
            + "runtimeConfig:\n  protocolCommands:\n    - protocols: [secrets]\n      platformCommand:\n        - command: secretskit\n          args: [downloader]\n");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Helm4Invoker.RunGetterAsync(Helm4Loader.Load(dir.Path), "secrets://secrets.yaml", sandbox.Environment(), sandbox.Dir.Path));

        Assert.Contains(Path.Combine(dir.Path, "secretskit"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm-plugin/helm4/secretskit-getter")]
    [InlineData("helm-secrets-plugin/helm4/secrets-getter")]
    public async Task Getter_runs_its_script_from_the_plugin_folder_with_empty_cert_key_ca_and_streams_the_plaintext(string folder)
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();

        var run = await Helm4Invoker.RunGetterAsync(Plugin(folder), "secrets://secrets.yaml", sandbox.Environment(), sandbox.Dir.Path);
        var missing = await Helm4Invoker.RunGetterAsync(Plugin(folder), "secrets://?missing.yaml", sandbox.Environment(), sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, run.StdoutText);
        Assert.Equal("", run.Stderr);
        Assert.True(missing.ExitCode == 0, missing.Stderr);
        Assert.Empty(missing.Stdout);
    }

    [Fact]
    public async Task Secrets_getter_serves_age_import_and_literal_urls()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var getter = Plugin("helm-secrets-plugin/helm4/secrets-getter");
        var env = sandbox.Environment(new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = null });

        var imported = await Helm4Invoker.RunGetterAsync(getter, $"secrets+age-import://{TestKeys.AgeIdentityFile}?secrets.yaml", env, sandbox.Dir.Path);
        var optional = await Helm4Invoker.RunGetterAsync(getter, $"secrets+age-import://?{TestKeys.AgeIdentityFile}?missing.yaml", env, sandbox.Dir.Path);
        var literal = await Helm4Invoker.RunGetterAsync(getter, "secrets+literal://8080", env, sandbox.Dir.Path);

        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, imported.StdoutText);
        Assert.True(optional.ExitCode == 0, optional.Stderr);
        Assert.Empty(optional.Stdout);
        Assert.True(literal.ExitCode == 0, literal.Stderr);
        Assert.Equal("8080", literal.StdoutText);
    }

    [Fact]
    public async Task Secretskit_cli_plugin_runs_helm_template_with_the_secrets_file_decrypted()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();

        var run = await Helm4Invoker.RunCliAsync(Plugin(Folders[0]), ["template", "rel", sandbox.Chart, "-f", "secrets.yaml"], sandbox.Environment(), sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
    }

    [Fact]
    public async Task Secrets_cli_plugin_decrypts_a_file_and_templates_a_chart_with_secrets_yaml()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var cli = Plugin("helm-secrets-plugin/helm4/secrets");

        var decrypt = await Helm4Invoker.RunCliAsync(cli, ["decrypt", sandbox.SecretsFile], sandbox.Environment(), sandbox.Dir.Path);
        var template = await Helm4Invoker.RunCliAsync(cli, ["template", "rel", sandbox.Chart, "-f", "secrets.yaml"], sandbox.Environment(), sandbox.Dir.Path);

        Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, decrypt.StdoutText);
        Assert.True(template.ExitCode == 0, template.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), template.StdoutText);
        Assert.Contains("[helm-secrets] Decrypt: secrets.yaml", template.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm-plugin/helm4/secretskit-post-renderer")]
    [InlineData("helm-secrets-plugin/helm4/secrets-post-renderer")]
    public async Task Post_renderer_resolves_refs_and_keeps_every_documents_postrender_filename_annotation(string folder)
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var manifests = Helm4Manifests.Annotate(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  password: ref+env://SK_HELM4_PASSWORD\n",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: test\nspec: {}\n");
        var env = sandbox.Environment(new Dictionary<string, string?> { ["SK_HELM4_PASSWORD"] = HelmPluginSandbox.Secret });

        var run = await Helm4Invoker.RunPostRendererAsync(Plugin(folder), Encoding.UTF8.GetBytes(manifests), [], env, sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"password: \"{HelmPluginSandbox.Secret}\"", run.StdoutText, StringComparison.Ordinal);
        Assert.Equal(["templates/0.yaml", "templates/1.yaml"], Helm4Manifests.Filenames(run.StdoutText));
        Assert.Contains("helm.sh/hook: test", run.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm-plugin/helm4/secretskit-post-renderer")]
    [InlineData("helm-secrets-plugin/helm4/secrets-post-renderer")]
    public async Task Post_renderer_writes_nothing_to_stdout_and_fails_when_a_ref_cannot_be_resolved(string folder)
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var manifests = Helm4Manifests.Annotate("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  password: ref+env://SK_HELM4_UNSET\n");

        var run = await Helm4Invoker.RunPostRendererAsync(Plugin(folder), Encoding.UTF8.GetBytes(manifests), [],
            sandbox.Environment(new Dictionary<string, string?> { ["SK_HELM4_UNSET"] = null }), sandbox.Dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Secrets_post_renderer_renders_a_real_chart_end_to_end()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var rendered = await sandbox.PlainRenderAsync();

        var run = await Helm4Invoker.RunPostRendererAsync(Plugin("helm-secrets-plugin/helm4/secrets-post-renderer"),
            Encoding.UTF8.GetBytes(Helm4Manifests.Annotate(Helm4Manifests.Split(rendered))), [], sandbox.Environment(), sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(HelmPluginSandbox.Secret, run.StdoutText, StringComparison.Ordinal);
        Assert.Single(Helm4Manifests.Filenames(run.StdoutText));
    }
}
