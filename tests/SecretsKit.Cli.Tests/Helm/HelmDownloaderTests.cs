using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary><c>secretskit downloader cert key ca secrets://path</c>: helm's getter protocol, plaintext on stdout only.</summary>
public sealed class HelmDownloaderTests
{
    private const string Secret = "getter-s3cret-91";

    [Fact]
    public async Task Downloader_streams_plaintext_to_stdout_and_writes_no_file()
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", $"token: {Secret}\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path })).ExitCode);
        using var tmp = new TempDir("sk-getter-tmp-");
        var before = Directory.GetFileSystemEntries(dir.Path).Order().ToList();
        var result = await CliRunner.RunAsync(new[] { "downloader", "", "", "", "secrets://secrets.yaml" },
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["TMPDIR"] = tmp.Path },
            cwd: dir.Path, recordOutput: false);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"token: {Secret}\n", result.StdoutText);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path).Order().ToList());
        Assert.DoesNotContain(Secret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloader_passes_plain_files_through_prints_nothing_for_a_missing_optional_and_fails_for_missing()
    {
        using var dir = new TempDir();
        dir.Write("plain.yaml", "a: 1\n");
        var plain = await CliRunner.RunAsync(new[] { "downloader", "c", "k", "ca", "secrets://" + dir.File("plain.yaml") });
        Assert.Equal("a: 1\n", plain.StdoutText);
        var optional = await CliRunner.RunAsync(new[] { "downloader", "c", "k", "ca", "secrets://?" + dir.File("nope.yaml") });
        Assert.Equal(0, optional.ExitCode);
        Assert.Empty(optional.Stdout);
        var missing = await CliRunner.RunAsync(new[] { "downloader", "c", "k", "ca", "secrets://" + dir.File("nope.yaml") });
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.yaml", missing.Stderr, StringComparison.Ordinal);
        var remote = await CliRunner.RunAsync(new[] { "downloader", "c", "k", "ca", "https://example.com/x.yaml" });
        Assert.Equal(1, remote.ExitCode);
    }
}
