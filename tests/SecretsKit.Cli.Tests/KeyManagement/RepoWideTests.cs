using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>updatekeys -r / rotate -r over a 200-file tree with one file whose key we do not have.</summary>
public sealed class RepoWideTests
{
    private static async Task<(TempDir Dir, string Broken, byte[] BrokenBytes)> TreeAsync()
    {
        var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.enc\\.yaml$\n    age: {TestKeys.AgeRecipient}\n");
        dir.Write("plain/readme.yaml", "not: encrypted\n");
        dir.Write("node_modules/x.enc.yaml", "ignored: true\n");
        var tasks = new List<Task>();
        for (var i = 0; i < 199; i++)
        {
            tasks.Add(CoreFiles.EncryptYamlAsync(dir.File($"env{i % 7}/app{i}.enc.yaml"), $"num: {i}\nsecret: s{i}\n", TestKeys.AgeRecipient));
        }
        var broken = dir.File("env3/zz-foreign.enc.yaml");
        tasks.Add(CoreFiles.EncryptYamlAsync(broken, "secret: theirs\n", TestKeys.OtherAgeRecipient));
        await Task.WhenAll(tasks);
        return (dir, broken, File.ReadAllBytes(broken));
    }

    private static void AssertNoTempFiles(TempDir dir) =>
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));

    [Fact]
    public async Task Updatekeys_recursive_updates_199_reports_the_one_it_cannot_and_exits_nonzero()
    {
        var (dir, broken, brokenBytes) = await TreeAsync();
        using var _ = dir;
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.enc\\.yaml$\n    age: {TestKeys.AgeRecipient},{TestKeys.OtherAgeRecipient}\n");
        var sample = dir.File("env0/app0.enc.yaml");
        var sampleValues = CoreFiles.EncLines(sample);

        var run = await CliRunner.RunAsync(new[] { "updatekeys", "-y", "-r", dir.Path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path, timeout: TimeSpan.FromMinutes(3));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("199 updated, 0 unchanged, 1 failed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("zz-foreign.enc.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(brokenBytes, File.ReadAllBytes(broken));
        Assert.Equal(sampleValues, CoreFiles.EncLines(sample));
        Assert.Contains(TestKeys.OtherAgeRecipient, File.ReadAllText(dir.File("env6/app55.enc.yaml")), StringComparison.Ordinal);
        Assert.Equal("ignored: true\n", File.ReadAllText(dir.File("node_modules/x.enc.yaml")));
        AssertNoTempFiles(dir);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", sample }, CoreFiles.AgeEnv(TestKeys.OtherAgeIdentityFile));
        Assert.Equal("num: 0\nsecret: s0\n", dec.StdoutText);

        var again = await CliRunner.RunAsync(new[] { "updatekeys", "-y", "-r", dir.Path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path, timeout: TimeSpan.FromMinutes(3));
        Assert.Contains("0 updated, 199 unchanged, 1 failed", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_recursive_rotates_199_reports_the_one_it_cannot_and_exits_nonzero()
    {
        var (dir, broken, brokenBytes) = await TreeAsync();
        using var _ = dir;
        var sample = dir.File("env2/app9.enc.yaml");
        var before = CoreFiles.EncLines(sample);

        var run = await CliRunner.RunAsync(new[] { "rotate", "-r", dir.Path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path, timeout: TimeSpan.FromMinutes(3));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("199 updated, 0 unchanged, 1 failed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("zz-foreign.enc.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(brokenBytes, File.ReadAllBytes(broken));
        Assert.All(before.Zip(CoreFiles.EncLines(sample)), p => Assert.NotEqual(p.First, p.Second));
        AssertNoTempFiles(dir);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", sample }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.Equal("num: 9\nsecret: s9\n", dec.StdoutText);
    }
}
