using SecretsKit.Cli.Tests.Helm;
namespace SecretsKit.Cli.Tests.Commands.HelmSecrets;

/// <summary>
/// The drop-in's backends and backend args against the real helm 3.10.1: <c>-a --verbose</c> logs as sops does, noop
/// prints the file as it is, a custom backend script runs as helm-secrets runs it, and errors speak as helm-secrets
/// (one exit code, 1, no secretskit hints).
/// </summary>
public sealed class HelmSecretsBackendTests
{
    [Fact]
    public async Task Backend_args_verbose_logs_the_data_key_recovery_in_decrypt_and_in_the_wrapper()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var decrypt = await sandbox.RunAsync(["secrets", "-a", "--verbose", "decrypt", "secrets.yaml"]);
        var wrapper = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", "secrets.yaml"],
            new Dictionary<string, string?> { ["HELM_SECRETS_BACKEND_ARGS"] = "--verbose" });

        Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, decrypt.StdoutText);
        Assert.Contains("Data key recovered successfully", decrypt.Stderr, StringComparison.Ordinal);
        Assert.True(wrapper.ExitCode == 0, wrapper.Stderr);
        Assert.Contains("Data key recovered successfully", wrapper.Stderr, StringComparison.Ordinal);
        Assert.Contains("[helm-secrets] Decrypt: secrets.yaml", wrapper.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, decrypt.Stderr + wrapper.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Noop_prints_the_file_as_it_is_and_a_custom_backend_script_replaces_its_expressions()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        sandbox.Dir.Write("refs.yaml", "db:\n  password: !env SK_BACKEND_SECRET\nreplicas: 3\n");
        sandbox.Dir.Write("backend.sh",
            "_BACKEND_REGEX='!env [A-Z_]*'\n. \"${HELM_SECRETS_SCRIPT_DIR}/lib/backends/_custom.sh\"\n"
            + "_custom_backend_get_secret() { eval \"printf '%s' \\\"\\${$2}\\\"\"; }\n");
        var env = new Dictionary<string, string?> { ["SK_BACKEND_SECRET"] = "it's \"quoted\"" };

        var noop = await sandbox.RunAsync(["secrets", "-b", "noop", "decrypt", "secrets.yaml"]);
        var custom = await sandbox.RunAsync(["secrets", "--backend", "./backend.sh", "decrypt", "refs.yaml"], env);

        Assert.True(noop.ExitCode == 0, noop.Stderr);
        Assert.Equal(File.ReadAllText(sandbox.SecretsFile), noop.StdoutText);
        Assert.True(custom.ExitCode == 0, custom.Stderr);
        Assert.Equal("db:\n  password: \"it's \\\"quoted\\\"\"\nreplicas: 3\n", custom.StdoutText);
    }

    [Fact]
    public async Task Missing_key_and_mac_failure_exit_1_in_helm_secrets_words_without_an_ignore_mac_hint()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var tampered = File.ReadAllText(sandbox.SecretsFile);
        var mac = tampered.IndexOf("mac: ENC[AES256_GCM,data:", StringComparison.Ordinal) + "mac: ENC[AES256_GCM,data:".Length;
        sandbox.Dir.Write("tampered.yaml", tampered[..mac] + (tampered[mac] == 'A' ? 'B' : 'A') + tampered[(mac + 1)..]);

        var noKey = await sandbox.RunAsync(["secrets", "decrypt", "secrets.yaml"], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = "/nonexistent" });
        var badMac = await sandbox.RunAsync(["secrets", "decrypt", "tampered.yaml"]);
        var wrapped = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", "tampered.yaml"]);

        foreach (var run in new[] { noKey, badMac, wrapped })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith("[helm-secrets] ", run.Stderr.Split('\n').First(l => l.Length > 0 && !l.StartsWith("[helm-secrets] Decrypt:", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.DoesNotContain("--ignore-mac", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("secretskit:", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Secretskit_plugin_errors_of_its_own_exit_1_and_helm_secretskit_help_shows_the_plugin_usage()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-plugin");

        var noKey = await sandbox.RunAsync(["secretskit", "template", "rel", sandbox.Chart, "-f", "secrets.yaml"],
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = "/nonexistent" });
        var help = await sandbox.RunAsync(["secretskit", "--help"]);

        Assert.Equal(1, noKey.ExitCode);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("usage: secretskit helm", help.StdoutText + help.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_literal_works_with_plain_helm_through_the_helm3_getter()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "--set-file", "replicas=secrets+literal://7"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("replicas: \"7\"", run.StdoutText, StringComparison.Ordinal);
    }
}
