using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// A values file encrypted only to a post-quantum hybrid age key (<c>age1pq1…</c>) through every helm path, with the
/// real helm 3.10.1: <c>secretskit helm</c>, the <c>secrets://</c> getter of the plugin, and the drop-in's
/// <c>helm secrets template</c>. Each render must equal helm's render of the plaintext.
/// </summary>
public sealed class PostQuantumHelmTests
{
    [Fact]
    public async Task A_values_file_for_a_post_quantum_key_renders_through_the_wrapper_the_getter_and_the_drop_in()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-plugin", "helm-secrets-plugin");
        var keyFile = sandbox.Dir.File("pq-keys.txt");
        var gen = await CliRunner.RunAsync(["keygen", "--pq", "-o", keyFile]);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        var recipient = File.ReadAllLines(keyFile)[1]["# public key: ".Length..];
        var pqFile = sandbox.Dir.Write("pq-secrets.yaml", HelmPluginSandbox.Plain);
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", recipient, pqFile]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains("recipient: age1pq1", File.ReadAllText(pqFile), StringComparison.Ordinal);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, File.ReadAllText(pqFile), StringComparison.Ordinal);
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = keyFile };
        var expected = await sandbox.PlainRenderAsync();

        var wrapper = await CliRunner.RunAsync(["helm", "template", "rel", sandbox.Chart, "-f", pqFile], sandbox.Environment(env), cwd: sandbox.Dir.Path);
        var getter = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://" + pqFile], env);
        var dropIn = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", pqFile], env);
        var classicKeyOnly = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://" + pqFile]);

        foreach (var run in new[] { wrapper, getter, dropIn })
        {
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal(expected, run.StdoutText);
        }
        Assert.NotEqual(0, classicKeyOnly.ExitCode);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, classicKeyOnly.StdoutText + classicKeyOnly.Stderr, StringComparison.Ordinal);
    }
}
