using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>The `secrets` plugin (deploy/helm-secrets-plugin) speaking helm-secrets 4's command line, run by the real helm.</summary>
public sealed class HelmSecretsPluginTests
{
    [Fact]
    public async Task Plugin_version_is_4x_in_the_manifest_and_in_helm_secrets_version()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var manifest = File.ReadAllText(Path.Combine(HelmPluginSandbox.PluginSource("helm-secrets-plugin"), "plugin.yaml"));

        var version = await sandbox.RunAsync(["secrets", "--version"]);
        var shortVersion = await sandbox.RunAsync(["secrets", "-v"]);

        Assert.Equal(0, version.ExitCode);
        Assert.Contains($"\nversion: \"{version.StdoutText.Trim()}\"\n", manifest, StringComparison.Ordinal);
        Assert.StartsWith("4.", version.StdoutText, StringComparison.Ordinal);
        Assert.Equal(version.StdoutText, shortVersion.StdoutText);
    }

    [Fact]
    public async Task Bare_helm_secrets_prints_help_and_fails_while_help_succeeds()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var bare = await sandbox.RunAsync(["secrets"]);
        var help = await sandbox.RunAsync(["secrets", "--help"]);

        Assert.NotEqual(0, bare.ExitCode);
        Assert.Contains("Available Commands:", bare.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("decrypt [-i] [--terraform] FILE", help.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_secrets_template_wrapper_renders_like_plaintext_and_leaves_no_plaintext_behind()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var before = Directory.GetFileSystemEntries(sandbox.Dir.Path).Order(StringComparer.Ordinal).ToList();

        var run = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", "secrets.yaml", "-f", "?absent.yaml"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(sandbox.Dir.Path).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Ignore_missing_values_and_sops_backend_prefix_are_understood_by_the_wrapper()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var strict = await sandbox.RunAsync(["secrets", "-q", "template", "rel", sandbox.Chart, "-f", "absent.yaml"]);
        var lenient = await sandbox.RunAsync(["secrets", "-q", "--ignore-missing-values", "-b", "sops", "template", "rel", sandbox.Chart, "-f", "sops!secrets.yaml", "-f", "absent.yaml"]);

        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("absent.yaml", strict.Stderr, StringComparison.Ordinal);
        Assert.True(lenient.ExitCode == 0, lenient.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), lenient.StdoutText);
    }

    [Theory]
    [InlineData("-b", "vals", "Error while decrypting file: ")]
    [InlineData("--backend=./my-backend.sh", null, "[helm-secrets] Can't find secret backend: ./my-backend.sh")]
    [InlineData("--evaluate-templates", null, "needs the vals backend")]
    [InlineData("-a", "--bogus", "flag provided but not defined: -bogus")]
    public async Task Options_that_cannot_work_here_fail_clearly_in_helm_secrets_words_instead_of_doing_nothing(string option, string? value, string message)
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        File.CreateSymbolicLink(Path.Combine(sandbox.Helm.BinDirectory, "vals"), "/nonexistent/vals");
        List<string> args = ["secrets", option];
        if (value is not null) args.Add(value);
        args.AddRange(["decrypt", "secrets.yaml"]);

        var run = await sandbox.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.StdoutText);
    }

    [Fact]
    public async Task Decrypt_prints_exactly_what_sops_prints_including_trailing_newlines()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        using var keys = new TempDir("sk-keys-");
        var ageKeys = keys.Write("keys.txt", File.ReadAllText(TestKeys.AgeIdentityFile) + File.ReadAllText(TestKeys.OtherAgeIdentityFile));
        var env = new Dictionary<string, string?>
        {
            ["SOPS_AGE_KEY_FILE"] = ageKeys,
            ["HELM_SECRETS_LOAD_GPG_KEYS"] = SharedFixtures.PathOf("pgp-functional-tests-keys.asc"),
        };
        var expectedBinary = System.Text.Json.Nodes.JsonNode.Parse(SharedFixtures.Read("EXPECTED-CONTENT.json"))!["files"]!["sops-example-binary.enc.json"]!["content"]!["data"]!.GetValue<string>();

        var yaml = await sandbox.RunAsync(["secrets", "decrypt", SharedFixtures.PathOf("SYNTHETIC-shamir-2of2-age.enc.yaml")], env);
        var binary = await sandbox.RunAsync(["secrets", "decrypt", SharedFixtures.PathOf("sops-example-binary.enc.json")], env);
        var terraform = await sandbox.RunAsync(["secrets", "decrypt", "--terraform", SharedFixtures.PathOf("sops-example-binary.enc.json")], env);

        Assert.True(yaml.ExitCode == 0, yaml.Stderr);
        Assert.Equal(SharedFixtures.Read("SYNTHETIC-shamir-2of2-age.plain.yaml"), yaml.Stdout);
        Assert.True(binary.ExitCode == 0, binary.Stderr);
        Assert.Equal(Encoding.UTF8.GetBytes(expectedBinary), binary.Stdout);
        Assert.EndsWith("\n\n", expectedBinary, StringComparison.Ordinal);
        Assert.Equal($"{{\"content_base64\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(expectedBinary))}\"}}\n", terraform.StdoutText);
        Assert.Equal("", yaml.Stderr + binary.Stderr);
    }

    [Fact]
    public async Task Decrypt_refuses_plain_and_missing_files_and_encrypt_refuses_encrypted_ones()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var plain = await sandbox.RunAsync(["secrets", "decrypt", "plain.yaml"]);
        var missing = await sandbox.RunAsync(["secrets", "decrypt", "nope.yaml"]);
        var again = await sandbox.RunAsync(["secrets", "encrypt", "secrets.yaml"]);

        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("File is not encrypted: plain.yaml", plain.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("File does not exist: nope.yaml", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("Already encrypted: secrets.yaml", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypt_to_stdout_and_in_place_then_decrypt_in_place_round_trip()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        sandbox.Dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\n");
        var file = sandbox.Dir.Write("new.yaml", HelmPluginSandbox.Plain);

        var toStdout = await sandbox.RunAsync(["secrets", "encrypt", "new.yaml"]);
        var inPlace = await sandbox.RunAsync(["secrets", "encrypt", "-i", "new.yaml"]);
        var encrypted = File.ReadAllText(file);
        var decryptInPlace = await sandbox.RunAsync(["secrets", "decrypt", "-i", "new.yaml"]);

        Assert.True(toStdout.ExitCode == 0, toStdout.Stderr);
        Assert.Contains("ENC[AES256_GCM,", toStdout.StdoutText, StringComparison.Ordinal);
        Assert.True(inPlace.ExitCode == 0, inPlace.Stderr);
        Assert.Equal("", inPlace.StdoutText);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, encrypted, StringComparison.Ordinal);
        Assert.True(decryptInPlace.ExitCode == 0, decryptInPlace.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, File.ReadAllText(file));
    }

    [Fact]
    public async Task The_3x_verbs_view_dec_enc_clean_keep_their_3x_meaning()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        sandbox.Dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\n");

        var view = await sandbox.RunAsync(["secrets", "view", "secrets.yaml"]);
        var dec = await sandbox.RunAsync(["secrets", "dec", "secrets.yaml"]);
        var decFile = sandbox.Dir.File("secrets.yaml.dec");
        var decrypted = File.ReadAllText(decFile);
        File.WriteAllText(decFile, decrypted.Replace("replicas: 3", "replicas: 5", StringComparison.Ordinal));
        var enc = await sandbox.RunAsync(["secrets", "enc", "secrets.yaml"]);
        var viewAfter = await sandbox.RunAsync(["secrets", "view", "secrets.yaml"]);
        var clean = await sandbox.RunAsync(["secrets", "clean", sandbox.Dir.Path]);

        Assert.Equal(HelmPluginSandbox.Plain, view.StdoutText);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, decrypted);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, File.ReadAllText(sandbox.SecretsFile), StringComparison.Ordinal);
        Assert.Contains("replicas: 5", viewAfter.StdoutText, StringComparison.Ordinal);
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.False(File.Exists(decFile));
    }

    [Fact]
    public async Task Age_import_url_brings_its_own_key_and_import_schemes_can_be_disabled()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var noKeys = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = null };
        var url = $"secrets+age-import://{TestKeys.AgeIdentityFile}?secrets.yaml";

        var withoutKey = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://secrets.yaml"], noKeys);
        var withKey = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", url], noKeys);
        var disabled = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", url],
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = null, ["HELM_SECRETS_ALLOW_AGE_IMPORT"] = "false" });

        Assert.NotEqual(0, withoutKey.ExitCode);
        Assert.True(withKey.ExitCode == 0, withKey.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), withKey.StdoutText);
        Assert.NotEqual(0, disabled.ExitCode);
        Assert.Contains("[helm-secrets] secrets+age-import:// is not allowed in this context!", disabled.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hardening_variables_refuse_absolute_and_traversing_value_paths()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var env = new Dictionary<string, string?>
        {
            ["HELM_SECRETS_VALUES_ALLOW_ABSOLUTE_PATH"] = "false",
            ["HELM_SECRETS_VALUES_ALLOW_PATH_TRAVERSAL"] = "false",
        };

        var absolute = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://" + sandbox.SecretsFile], env);
        var traversal = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", "../x/secrets.yaml"], env);
        var relative = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://secrets.yaml"], env);

        Assert.NotEqual(0, absolute.ExitCode);
        Assert.Contains("absolute path", absolute.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, traversal.ExitCode);
        Assert.Contains("[helm-secrets] Values filepath '../x/secrets.yaml' contains '..'. Path traversal is not allowed.", traversal.Stderr, StringComparison.Ordinal);
        Assert.True(relative.ExitCode == 0, relative.Stderr);
    }

    [Fact]
    public async Task Helm_flags_after_the_command_reach_helm_and_dir_prints_the_plugin_directory()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var usage = await sandbox.RunAsync(["secrets", "template", "--help"]);
        var help = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "--help"]);
        var dir = await sandbox.RunAsync(["secrets", "dir"]);

        Assert.Equal(0, usage.ExitCode);
        Assert.StartsWith("helm secrets [ OPTIONS ] template\n", usage.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("helm template [NAME] [CHART] [flags]", help.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, dir.ExitCode);
        var pluginDir = dir.StdoutText.TrimEnd('\n');
        Assert.Equal(sandbox.Helm.PluginsDirectory, Path.GetDirectoryName(pluginDir));
        Assert.Contains("\nname: secrets\n", File.ReadAllText(Path.Combine(pluginDir, "plugin.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrapper_script_routes_template_through_helm_secrets_only_when_enabled()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var script = Path.Combine(HelmPluginSandbox.PluginSource("helm-secrets-plugin"), "scripts", "wrapper", "helm.sh");
        var env = sandbox.Helm.Environment();
        env["HOME"] = CliRunner.IsolatedHome;
        env["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile;
        env["HELM_SECRETS_HELM_PATH"] = SecretsKit.Testing.Helm.RealHelm.Path;
        env["ARGOCD_APP_NAME"] = "demo";
        string[] args = ["template", "rel", sandbox.Chart, "-f", "secrets.yaml"];

        env["HELM_SECRETS_WRAPPER_ENABLED"] = "true";
        var enabled = await ProcessRun.RunAsync(script, args, env, cwd: sandbox.Dir.Path, timeout: TimeSpan.FromSeconds(120));
        env["HELM_SECRETS_WRAPPER_ENABLED"] = null;
        var disabled = await ProcessRun.RunAsync(script, args, env, cwd: sandbox.Dir.Path, timeout: TimeSpan.FromSeconds(120));

        Assert.True(enabled.ExitCode == 0, enabled.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), enabled.StdoutText);
        Assert.True(disabled.ExitCode == 0, disabled.Stderr);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, disabled.StdoutText, StringComparison.Ordinal);
        Assert.Contains("ENC[AES256_GCM,", disabled.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_reencrypts_what_the_editor_saved()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var editor = sandbox.Dir.Write("editor.sh", "#!/bin/sh\nprintf 'extra: 1\\n' >> \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var edit = await sandbox.RunAsync(["secrets", "edit", "secrets.yaml"], new Dictionary<string, string?> { ["EDITOR"] = editor, ["SOPS_EDITOR"] = null });
        var after = await sandbox.RunAsync(["secrets", "decrypt", "secrets.yaml"]);

        Assert.True(edit.ExitCode == 0, edit.Stderr);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, File.ReadAllText(sandbox.SecretsFile), StringComparison.Ordinal);
        Assert.Equal(HelmPluginSandbox.Plain + "extra: 1\n", after.StdoutText);
    }

    [Fact]
    public async Task Under_argo_cd_helm_secrets_lint_prints_exactly_what_plain_helm_lint_prints()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var argo = new Dictionary<string, string?> { ["ARGOCD_APP_NAME"] = "demo" };

        var plain = await sandbox.RunAsync(["lint", sandbox.Chart, "-f", "plain.yaml"], argo);
        var wrapped = await sandbox.RunAsync(["secrets", "lint", sandbox.Chart, "-f", "secrets.yaml"], argo);

        Assert.Equal(0, wrapped.ExitCode);
        Assert.Equal(plain.StdoutText, wrapped.StdoutText);
        Assert.Equal(plain.Stderr, wrapped.Stderr);
    }
}
