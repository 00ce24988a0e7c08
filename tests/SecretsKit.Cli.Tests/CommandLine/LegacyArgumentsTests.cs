using SecretsKit.Cli.Tests;
using SecretsKit.Cli.CommandLine;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.CommandLine;

/// <summary>sops's legacy invocation form maps onto the subcommands.</summary>
public sealed class LegacyArgumentsTests
{
    private static readonly string[] Commands = { "encrypt", "decrypt", "edit", "rotate", "set" };

    [Theory]
    [InlineData("-d f.yaml", "decrypt f.yaml")]
    [InlineData("--decrypt --extract [\"a\"] f.yaml", "decrypt --extract [\"a\"] f.yaml")]
    [InlineData("-e -i --age R f.yaml", "encrypt -i --age R f.yaml")]
    [InlineData("-r -i f.yaml", "rotate -i f.yaml")]
    [InlineData("f.yaml", "edit f.yaml")]
    [InlineData("decrypt f.yaml", "decrypt f.yaml")]
    [InlineData("--version", "--version")]
    [InlineData("decrpyt f.yaml", "decrpyt f.yaml")]
    public void Legacy_form_is_translated_to_a_subcommand(string input, string expected)
    {
        var translated = LegacyArguments.Translate(input.Split(' '), Commands);
        Assert.Equal(expected, string.Join(' ', translated));
    }

    [Fact]
    public void Legacy_set_splits_path_and_value()
    {
        var translated = LegacyArguments.Translate(new[] { "--set", "[\"a\"][0] {\"x\": 1}", "f.yaml" }, Commands);
        Assert.Equal(new[] { "set", "f.yaml", "[\"a\"][0]", "{\"x\": 1}" }, translated);
    }

    [Fact]
    public async Task Legacy_decrypt_runs_end_to_end()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", "a: hunter5\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "-e", "-i", "--age", TestKeys.AgeRecipient, path })).ExitCode);
        var dec = await CliRunner.RunAsync(new[] { "-d", path }, new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal("a: hunter5\n", dec.StdoutText);
    }
}
