using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit release render</c> through the real process and the real helm 3.10.1: no decrypted value in its output,
/// every sealed document decrypts (with the cluster's key, not the one the CLI ran with) to the Secret a plain
/// <c>helm template</c> renders, a second render leaves Git clean, and Argo CD's CMP recipe prints the same kind of output.
/// </summary>
public sealed class SealedRenderCliTests
{
    private static readonly string[] Keys = ["--age", TestKeys.AgeRecipient, "--key-secret", "sops-age-key/identity.agekey"];

    [Fact]
    public async Task Render_to_stdout_holds_no_plaintext_and_its_sopssecret_decrypts_to_what_helm_template_renders()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        using var scratch = new TempDir("sk-sealed-open-");

        var run = await sandbox.CliAsync(["release", "render", "--out", "-", .. Keys]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Null(sandbox.Leak(run.StdoutText + run.Stderr));
        var documents = SealedDocuments.Parse(run.StdoutText);
        var sopsSecret = Assert.Single(documents, d => SealedDocuments.Scalar(d, "kind") == "SopsSecret");
        Assert.DoesNotContain(documents, d => SealedDocuments.Scalar(d, "kind") == "Secret");
        Assert.Equal("sops-age-key", SealedDocuments.Scalar(sopsSecret, "spec", "decryption", "keySecretRef", "name"));
        Assert.Equal(SealedSandbox.SecretName, SealedDocuments.Scalar(sopsSecret, "spec", "target", "name"));
        Assert.Equal(SealedSandbox.Release, SealedDocuments.Scalar(sopsSecret, "spec", "target", "labels", "app"));
        var (namespaces, data) = await SealedDocuments.OpenSopsSecretAsync(sopsSecret, TestKeys.AgeIdentityFile, scratch);
        Assert.Equal([SealedSandbox.Namespace], namespaces);
        Assert.Equal(await PlainSecretAsync(sandbox, scratch), data);
    }

    [Fact]
    public async Task Sops_secret_render_writes_files_flux_decrypts_and_a_second_render_leaves_git_clean()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        using var scratch = new TempDir("sk-sealed-open-");
        string[] render = ["release", "render", "--out", "rendered", "--secrets-as", "sops-secret", "--age", TestKeys.AgeRecipient];
        await GitAsync(sandbox, "init", "-q");

        var first = await sandbox.CliAsync(render);
        await GitAsync(sandbox, "add", "-A");
        await GitAsync(sandbox, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "render");
        var second = await sandbox.CliAsync(render);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.Equal("", await GitAsync(sandbox, "status", "--porcelain"));
        Assert.Equal("# Written by secretskit release render --secrets-as sops-secret: the renderings of this directory.\n"
            + "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - team_web.yaml\n",
            File.ReadAllText(Path.Combine(sandbox.WorkDir, "rendered", "kustomization.yaml")));
        var file = File.ReadAllText(Path.Combine(sandbox.WorkDir, "rendered", "team_web.yaml"));
        Assert.Null(sandbox.Leak(file));
        var sealedText = Assert.Single(SealedDocuments.Texts(file), t => t.Contains("\nsops:", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(sealedText);
        Assert.Empty(FluxDecryption.Problems(new YamlFormat().ParseEncrypted(bytes), bytes.LongLength));
        var document = SealedDocuments.Parse(sealedText).Single();
        Assert.Equal(("v1", "Secret", SealedSandbox.SecretName), (SealedDocuments.Scalar(document, "apiVersion"), SealedDocuments.Scalar(document, "kind"), SealedDocuments.Scalar(document, "metadata", "name")));
        Assert.Equal(FluxDecryption.EncryptedRegex, SealedDocuments.Scalar(document, "sops", "encrypted_regex"));
        Assert.Equal(await PlainSecretAsync(sandbox, scratch), await SealedDocuments.OpenFluxSecretAsync(sealedText, TestKeys.AgeIdentityFile, scratch));
    }

    [Fact]
    public async Task A_secret_whose_data_holds_no_decrypted_value_is_refused_unless_plaintext_secrets_are_allowed()
    {
        await using var sandbox = new SealedSandbox("apiVersion: v1\nkind: Secret\nmetadata:\n  name: generated\nstringData:\n  token: made-by-the-chart\n");
        await sandbox.EncryptSecretsAsync();

        var refused = await sandbox.CliAsync(["release", "render", "--out", "-", .. Keys]);
        var allowed = await sandbox.CliAsync(["release", "render", "--out", "-", "--allow-plaintext-secrets", .. Keys]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("app/templates/extra.yaml: Secret generated has data that holds no decrypted value and would be written in plain text", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("", refused.StdoutText);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.Contains("token: made-by-the-chart", allowed.StdoutText, StringComparison.Ordinal);
        Assert.Null(sandbox.Leak(allowed.StdoutText));
    }

    [Fact]
    public async Task Argo_cds_cmp_generate_command_with_argo_cds_environment_prints_yaml_without_plaintext()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        using var helm = new RealHelm(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"));
        var plugin = SealedDocuments.Parse(File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "argocd", "cmp", "plugin.yaml"))).Single();
        var env = sandbox.Env();
        env["PATH"] = helm.Environment()["PATH"];
        env["HELM_BIN"] = null;
        env["ARGOCD_APP_NAME"] = "web";
        env["ARGOCD_APP_NAMESPACE"] = "argocd";
        env["ARGOCD_APP_REVISION"] = "0123456789abcdef0123456789abcdef01234567";
        env["ARGOCD_ENV_ENVIRONMENT"] = "default";
        env["ARGOCD_ENV_CLUSTER_AGE"] = TestKeys.AgeRecipient;
        env["ARGOCD_ENV_KEY_SECRET"] = "sops-age-key/identity.agekey";

        var discover = await RunPluginAsync(plugin, "discover", sandbox, env);
        var generate = await RunPluginAsync(plugin, "generate", sandbox, env);

        Assert.Contains("helmfile.yaml", discover.StdoutText, StringComparison.Ordinal);
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        Assert.Null(sandbox.Leak(generate.StdoutText + generate.Stderr));
        var documents = SealedDocuments.Parse(generate.StdoutText);
        Assert.Contains(documents, d => SealedDocuments.Scalar(d, "kind") == "SopsSecret" && SealedDocuments.Scalar(d, "spec", "decryption", "keySecretRef", "key") == "identity.agekey");
        Assert.Contains(documents, d => SealedDocuments.Scalar(d, "kind") == "Deployment");
    }

    /// <summary>Runs the plugin's <c>generate</c> (or <c>discover.find</c>) command and args as Argo CD's cmp-server does: in the application's directory.</summary>
    private static Task<ProcessRun.Result> RunPluginAsync(YamlDotNet.RepresentationModel.YamlMappingNode plugin, string which, SealedSandbox sandbox, Dictionary<string, string?> env)
    {
        var spec = (YamlDotNet.RepresentationModel.YamlMappingNode)plugin.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("spec")];
        var step = (YamlDotNet.RepresentationModel.YamlMappingNode)spec.Children[new YamlDotNet.RepresentationModel.YamlScalarNode(which)];
        if (which == "discover") step = (YamlDotNet.RepresentationModel.YamlMappingNode)step.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("find")];
        var command = ((YamlDotNet.RepresentationModel.YamlSequenceNode)step.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("command")]).Children
            .Select(n => ((YamlDotNet.RepresentationModel.YamlScalarNode)n).Value!).ToList();
        if (step.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("args"), out var args))
        {
            command.AddRange(((YamlDotNet.RepresentationModel.YamlSequenceNode)args).Children.Select(n => ((YamlDotNet.RepresentationModel.YamlScalarNode)n).Value!));
        }
        return ProcessRun.RunAsync(command[0], command.Skip(1), env, null, sandbox.WorkDir, TimeSpan.FromMinutes(4));
    }

    /// <summary>The Secret a plain <c>helm template</c> renders with the decrypted secrets file (decrypted into <paramref name="scratch"/>).</summary>
    private static async Task<Dictionary<string, string>> PlainSecretAsync(SealedSandbox sandbox, TempDir scratch)
    {
        var decrypted = await CliRunner.RunAsync(["decrypt", "secrets.yaml"], sandbox.Env(), cwd: sandbox.WorkDir, recordOutput: false);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        var plain = scratch.Write("plain-secrets.yaml", decrypted.StdoutText);
        var template = await sandbox.HelmAsync(RealHelm.Version, "template", SealedSandbox.Release, "./chart", "-n", SealedSandbox.Namespace, "-f", plain);
        Assert.True(template.ExitCode == 0, template.Stderr);
        var data = SealedDocuments.SecretData(template.StdoutText, SealedSandbox.SecretName);
        Assert.Equal(sandbox.Values["s01"], data["s01"]);
        return data;
    }

    private static async Task<string> GitAsync(SealedSandbox sandbox, params string[] args)
    {
        var run = await ProcessRun.RunAsync("git", args, new Dictionary<string, string?> { ["HOME"] = sandbox.Home, ["GIT_CONFIG_NOSYSTEM"] = "1" }, null, sandbox.WorkDir, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.StdoutText;
    }
}
