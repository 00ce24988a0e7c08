using System.Security.Cryptography;
using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// helmfile's <c>template --output-dir DIR</c> with the real helm 3.10.1: each release's manifests land in helmfile's
/// folder (<c>&lt;state name&gt;-&lt;8 hex of the SHA-1 of its path&gt;-&lt;release&gt;</c>) as the same files, byte for byte,
/// that <c>helm template --output-dir</c> writes for that release; decrypted secrets are redacted in them, and
/// <c>--show-secrets</c> with <c>--output-dir</c> is refused before anything is written.
/// </summary>
public sealed class TemplateOutputDirCliTests
{
    [Fact]
    public async Task Each_release_is_written_as_helm_template_output_dir_writes_it_under_helmfiles_folder()
    {
        using var dir = new TempDir();
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", "helmfile", "charts", "web"), Path.Combine(dir.Path, "chart"));
        dir.Write("helmfile.yaml", """
            environments:
              default: {}
            ---
            releases:
              - name: web
                namespace: shop
                chart: ./chart
                values: [{image: {tag: "1.27"}, secrets: {}}]
            """);
        var env = new Dictionary<string, string?> { ["HELM_BIN"] = RealHelm.Path };

        var ours = await CliRunner.RunAsync(["release", "template", "--output-dir", "out", "--skip-validate", "--skip-policy"], env, cwd: dir.Path);
        var helm = await ProcessRun.RunAsync(RealHelm.Path, ["template", "web", "./chart", "-n", "shop", "--include-crds", "--set-string", "image.tag=1.27", "--output-dir", "ref"],
            cwd: dir.Path);

        Assert.True(ours.ExitCode == 0, ours.StdoutText + ours.Stderr);
        Assert.True(helm.ExitCode == 0, helm.Stderr);
#pragma warning disable CA5350 // helmfile names the folder by this SHA-1 of the state's path
        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(dir.File("helmfile.yaml"))))[..8];
#pragma warning restore CA5350
        var folder = Path.Combine(dir.Path, "out", $"helmfile-{hash}-web");
        var expected = Files(Path.Combine(dir.Path, "ref"));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), Files(folder).Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, f => Assert.Equal(f.Value, File.ReadAllText(Path.Combine(folder, f.Key))));
        // helm's "wrote" lines (it ends them with a blank line)
        Assert.Equal(helm.StdoutText.Replace("ref/", "", StringComparison.Ordinal).TrimEnd('\n'), ours.StdoutText.Replace(folder + "/", "", StringComparison.Ordinal).TrimEnd('\n'));
    }

    [Fact]
    public async Task Decrypted_secrets_are_redacted_in_the_files_and_show_secrets_is_refused()
    {
        using var box = new HelmfileSandbox();
        var env = box.Env(RealHelm.Path);
        var written = await CliRunner.RunAsync(["release", "-e", "staging", "template", "--output-dir", "out", "--skip-validate", "--skip-policy"], env, cwd: box.WorkDir);
        var refused = await CliRunner.RunAsync(["release", "-e", "staging", "template", "--output-dir", "shown", "--show-secrets"], env, cwd: box.WorkDir);

        Assert.True(written.ExitCode == 0, written.StdoutText + written.Stderr);
        var files = Directory.GetFiles(box.PathOf("out"), "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("/web/templates/secret.yaml", StringComparison.Ordinal));
        var all = string.Concat(files.Select(File.ReadAllText));
        Assert.Contains("REDACTED", all, StringComparison.Ordinal);
        foreach (var secret in HelmfileSandbox.StagingSecrets)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), all, StringComparison.Ordinal);
        }
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--output-dir with --show-secrets would write decrypted secrets to disk", refused.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(box.PathOf("shown")));
        box.AssertNoPlaintextLeft();
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText, StringComparer.Ordinal);
}
