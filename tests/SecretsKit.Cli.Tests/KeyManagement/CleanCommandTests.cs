using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>dec records what it writes; clean removes exactly that; a failing file in dec does not stop the others.</summary>
public sealed class CleanCommandTests
{
    [Fact]
    public async Task Dec_continues_past_a_failing_file_and_clean_removes_only_what_dec_wrote()
    {
        using var dir = new TempDir();
        var a = await CoreFiles.EncryptYamlAsync(dir.File("a.yaml"), "a: 1\n", TestKeys.AgeRecipient);
        var foreign = await CoreFiles.EncryptYamlAsync(dir.File("b.yaml"), "b: 2\n", TestKeys.OtherAgeRecipient);
        var c = await CoreFiles.EncryptYamlAsync(dir.File("sub/c.yaml"), "c: 3\n", TestKeys.AgeRecipient);
        var mine = dir.Write("notes.yaml.dec", "hand-written, keep me\n");

        var dec = await CliRunner.RunAsync(new[] { "dec", a, foreign, c }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path);

        Assert.Equal(1, dec.ExitCode);
        Assert.Equal("a: 1\n", File.ReadAllText(a + ".dec"));
        Assert.Equal("c: 3\n", File.ReadAllText(c + ".dec"));
        Assert.False(File.Exists(foreign + ".dec"));

        var clean = await CliRunner.RunAsync(new[] { "clean", dir.Path }, cwd: dir.Path);

        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.False(File.Exists(a + ".dec"));
        Assert.False(File.Exists(c + ".dec"));
        Assert.True(File.Exists(mine));
        Assert.True(File.Exists(a));
        Assert.Empty(Directory.EnumerateFiles(dir.Path, ".secretskit-dec", SearchOption.AllDirectories));
    }
}
