using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary><c>secretskit post-renderer</c>: manifests on stdin, ref+ resolved, manifests on stdout.</summary>
public sealed class PostRendererTests
{
    private const string Secret = "post-rendered-s3cret";

    [Fact]
    public async Task Post_renderer_resolves_sops_refs_in_manifests_and_fails_naming_a_missing_ref()
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", $"db:\n    password: {Secret}\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path })).ExitCode);
        var manifests = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\nstringData:\n  password: ref+sops://secrets.yaml#/db/password\n";
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };
        var result = await CliRunner.RunAsync(new[] { "post-renderer" }, env, Encoding.UTF8.GetBytes(manifests), dir.Path, recordOutput: false);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\nstringData:\n  password: \"{Secret}\"\n", result.StdoutText);
        Assert.DoesNotContain(Secret, result.Stderr, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync(new[] { "post-renderer" }, env, Encoding.UTF8.GetBytes("a: ref+sops://secrets.yaml#/db/nope\n"), dir.Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ref+sops://secrets.yaml#/db/nope", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(missing.Stdout);
        Assert.DoesNotContain(Secret, missing.Stderr, StringComparison.Ordinal);

        var plain = "a: b\n# comment kept\n";
        var untouched = await CliRunner.RunAsync(new[] { "post-renderer" }, env, Encoding.UTF8.GetBytes(plain), dir.Path);
        Assert.Equal(plain, untouched.StdoutText);
    }
}
