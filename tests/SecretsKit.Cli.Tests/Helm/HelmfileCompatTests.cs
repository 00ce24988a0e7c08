using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>helmfile's contract with helm-secrets (research §2.2): read the `secrets` plugin's version, then capture `helm secrets decrypt ABS` from stdout.</summary>
public sealed class HelmfileCompatTests
{
    [Fact]
    public async Task Helmfile_style_call_reads_a_4x_version_then_captures_the_exact_plaintext_from_decrypt()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin", "helm-plugin");
        // helmfile writes inline secrets to a temp *.yaml.enc: the type must not come from the extension alone
        var inline = sandbox.Dir.Write("inline.yaml.enc", File.ReadAllText(sandbox.SecretsFile));

        var list = await sandbox.RunAsync(["plugin", "list"]);
        var row = list.StdoutText.Split('\n').Select(l => l.Split('\t')).Single(c => c[0].Trim() == "secrets");
        var major = int.Parse(row[1].Trim().Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        var verb = major >= 4 ? "decrypt" : "view";
        var decrypted = await sandbox.RunAsync(["secrets", verb, sandbox.SecretsFile]);
        var fromInline = await sandbox.RunAsync(["secrets", verb, inline]);

        Assert.Equal(4, major);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, decrypted.StdoutText);
        Assert.Equal("", decrypted.Stderr);
        Assert.True(fromInline.ExitCode == 0, fromInline.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, fromInline.StdoutText);
    }

    [Fact]
    public async Task Helmfile_style_decrypt_fails_with_a_nonzero_exit_when_the_key_is_missing()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var run = await sandbox.RunAsync(["secrets", "decrypt", sandbox.SecretsFile], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = null });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.StdoutText);
        Assert.DoesNotContain(HelmPluginSandbox.Secret, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_decrypts_of_the_same_file_all_print_the_plaintext()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sandbox.RunAsync(["secrets", "decrypt", sandbox.SecretsFile])));

        Assert.All(runs, r => Assert.Equal(HelmPluginSandbox.Plain, r.StdoutText));
    }
}
