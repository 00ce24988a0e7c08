using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// encrypt and decrypt write their output as it is emitted: a megabyte value comes back exactly, in place and on
/// stdout, and a tree the output format cannot hold writes nothing (stdout empty, the target untouched, no temp file).
/// </summary>
public sealed class StreamedOutputTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    // 1 MB of printable ASCII with a few multi-byte characters: many times the emitters' 16 K buffers.
    private static string BigValue()
    {
        var chars = new char[1000 * 1000];
        for (var i = 0; i < chars.Length; i++) chars[i] = (char)('a' + (i % 26));
        chars[16 * 1024 - 1] = 'é';
        chars[500_000] = '€';
        return new string(chars);
    }

    [Theory]
    [InlineData("big.yaml", "big: {0}\n")]
    [InlineData("big.json", "{{\n\t\"big\": \"{0}\"\n}}\n")]
    [InlineData("big.env", "BIG={0}\n")]
    [InlineData("big.ini", "[section]\nbig = {0}\n")]
    [InlineData("big.bin", "{0}")]
    public async Task A_1_MB_value_encrypted_in_place_decrypts_to_the_same_bytes(string name, string template)
    {
        using var dir = new TempDir();
        var plain = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, BigValue());
        var path = dir.Write(name, plain);
        var e = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path }, recordOutput: false);
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", File.ReadAllText(path), StringComparison.Ordinal);

        var d = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv, recordOutput: false);
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Equal(plain, d.StdoutText);

        var inPlace = await CliRunner.RunAsync(new[] { "decrypt", "-i", path }, AgeEnv, recordOutput: false);
        Assert.True(inPlace.ExitCode == 0, inPlace.Stderr);
        Assert.Equal(plain, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task A_tree_the_output_format_cannot_hold_writes_nothing_anywhere()
    {
        using var dir = new TempDir();
        var path = dir.Write("nested.yaml", "flat: value\nnested:\n    key: hunter2\n");
        var target = dir.Write("out.env", "KEEP=me\n");

        var toFile = await CliRunner.RunAsync(new[] { "encrypt", "--age", TestKeys.AgeRecipient, "--output-type", "dotenv", "--output", target, path });
        Assert.NotEqual(0, toFile.ExitCode);
        Assert.Contains("complex value", toFile.Stderr, StringComparison.Ordinal);
        Assert.Equal("KEEP=me\n", File.ReadAllText(target));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);

        var toStdout = await CliRunner.RunAsync(new[] { "encrypt", "--age", TestKeys.AgeRecipient, "--output-type", "dotenv", path });
        Assert.NotEqual(0, toStdout.ExitCode);
        Assert.Equal("", toStdout.StdoutText);
    }
}
