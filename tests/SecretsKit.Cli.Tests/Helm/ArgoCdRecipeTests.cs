using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// deploy/argocd's recipe, run the way Argo CD's repo-server runs helm: `helm template` with value files given as
/// secrets:// and secrets+age-import:// URLs, HELM_PLUGINS pointing at the installed plugin, ARGOCD_APP_NAME set,
/// no TTY (stdin closed), the age key file mounted from a Secret.
/// </summary>
public sealed class ArgoCdRecipeTests
{
    [Fact]
    public async Task Repo_server_style_helm_template_renders_exactly_like_plaintext_values_and_says_nothing()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        using var mounted = new TempDir("sk-argocd-key-");
        var key = mounted.Write("key.txt", File.ReadAllText(TestKeys.AgeIdentityFile));
        sandbox.Dir.Write("env/values.yaml", "replicas: 3\n");
        File.Copy(sandbox.SecretsFile, sandbox.Dir.File("env/secrets.yaml"));
        var argo = new Dictionary<string, string?>
        {
            ["ARGOCD_APP_NAME"] = "demo",
            ["ARGOCD_APP_NAMESPACE"] = "argocd",
            ["SOPS_AGE_KEY_FILE"] = null,
            ["HELM_SECRETS_VALUES_ALLOW_PATH_TRAVERSAL"] = "false",
            ["HELM_SECRETS_VALUES_ALLOW_SYMLINKS"] = "false",
            ["HELM_SECRETS_KEY_LOCATION_PREFIX"] = mounted.Path,
        };

        var viaKeyFile = await sandbox.RunAsync(
            ["template", "rel", sandbox.Chart, "--include-crds", "-f", "env/values.yaml", "-f", $"secrets+age-import://{key}?env/secrets.yaml"], argo);
        argo["SOPS_AGE_KEY_FILE"] = key;
        var viaSecretsUrl = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "--include-crds", "-f", "env/values.yaml", "-f", "secrets://env/secrets.yaml"], argo);

        var reference = await sandbox.PlainRenderAsync();
        Assert.True(viaKeyFile.ExitCode == 0, viaKeyFile.Stderr);
        Assert.Equal(reference, viaKeyFile.StdoutText);
        Assert.Equal("", viaKeyFile.Stderr);
        Assert.True(viaSecretsUrl.ExitCode == 0, viaSecretsUrl.Stderr);
        Assert.Equal(reference, viaSecretsUrl.StdoutText);
        Assert.Equal("", viaSecretsUrl.Stderr);
    }

    [Fact]
    public async Task A_key_outside_the_allowed_location_prefix_is_refused()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var env = new Dictionary<string, string?> { ["ARGOCD_APP_NAME"] = "demo", ["HELM_SECRETS_KEY_LOCATION_PREFIX"] = "/var/run/keys/" };

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", $"secrets+age-import://{TestKeys.AgeIdentityFile}?secrets.yaml"], env);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"Key location '{TestKeys.AgeIdentityFile}' is not allowed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, run.StdoutText + run.Stderr, StringComparison.Ordinal);
    }
}
