namespace SecretsKit.Cli.Tests;

/// <summary><c>keygen --help</c> lists what keygen uses, not the global flags it ignores; other commands keep them.</summary>
public sealed class KeygenHelpTests
{
    [Fact]
    public async Task Keygen_help_leaves_out_config_indent_and_verbose()
    {
        var r = await CliRunner.RunAsync(["keygen", "--help"]);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:\n  secretskit keygen [options]", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("-o, --output <output>", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("--help", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("--config", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("--indent", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("--verbose", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("like sops (config file", r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_help_still_lists_the_global_flags()
    {
        var r = await CliRunner.RunAsync(["decrypt", "--help"]);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--config", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("--verbose", r.StdoutText, StringComparison.Ordinal);
    }
}
