namespace SecretsKit.Cli.Tests;

/// <summary>
/// The root command's own options (help, version), parse errors and the completion directive, run through the real
/// executable. The root is a plain command with hand-made help and version options (see CliRoot), so these pin the
/// behaviour System.CommandLine's RootCommand gave: help on every alias and under every command, help winning over
/// parse errors, the version, help after a parse error, and <c>[suggest]</c>.
/// </summary>
public sealed class RootCommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public async Task Every_help_alias_prints_the_root_help_with_every_command(string flag)
    {
        var run = await CliRunner.RunAsync([flag]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.StartsWith("Description:\n  SecretsKit: SOPS-compatible secrets for Helm and Kubernetes\n\nUsage:\n  secretskit [command] [options]\n",
            run.StdoutText, StringComparison.Ordinal);
        // The column width follows the longest option (the global --keyservice <keyservice>), so only the words are fixed.
        Assert.Matches(@"\n  -\?, -h, --help +Show help and usage information\n  --version +Show version information\n", run.StdoutText);
        foreach (var name in CliApp.CommandNames) Assert.Contains($"\n  {name} ", run.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("decrypt", "--help")]
    [InlineData("groups", "add", "-h")]
    [InlineData("encrypt", "--bogus", "--help")]
    [InlineData("--help", "set")]
    public async Task Help_under_a_command_prints_that_commands_help_even_beside_a_parse_error(params string[] args)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var command = string.Join(' ', args.Where(a => !a.StartsWith('-')));
        Assert.Contains($"Usage:\n  secretskit {command} ", run.StdoutText, StringComparison.Ordinal);
        Assert.Contains("  -?, -h, --help ", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("--version", run.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    [InlineData("--verbose", "--version")]
    [InlineData("--version", "--disable-version-check")]
    [InlineData("--disable-version-check", "--version")]
    [InlineData("--version", "--check-for-updates")]
    public async Task Version_prints_only_the_version(params string[] args)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Matches(@"^secretskit \d+\.\d+\.\d+\+\S+\n$", run.StdoutText);
    }

    /// <summary>
    /// Started as <c>sops</c> (the launcher names the link it was called through), <c>--version</c> is sops's line with
    /// the sops version SecretsKit matches, for scripts that read it (<c>^sops (\d+)\.(\d+)\.(\d+)</c>) to choose
    /// flags; SecretsKit's own version follows. No update check, also not when asked.
    /// </summary>
    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    [InlineData("--version", "--disable-version-check")]
    [InlineData("--version", "--check-for-updates")]
    public async Task Version_started_as_sops_is_sops_own_line(params string[] args)
    {
        var run = await CliRunner.RunAsync(args, new Dictionary<string, string?> { ["SECRETSKIT_INVOKED_AS"] = "/home/u/bin/sops" });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Matches(@"^sops 3\.13\.2 \(secretskit \d+\.\d+\.\d+\+\S+\)\n$", run.StdoutText);
    }

    [Fact]
    public async Task Version_started_under_another_name_names_secretskit()
    {
        var run = await CliRunner.RunAsync(["--version"], new Dictionary<string, string?> { ["SECRETSKIT_INVOKED_AS"] = "sk" });
        Assert.Matches(@"^secretskit \d+\.\d+\.\d+\+\S+\n$", run.StdoutText);
    }

    [Fact]
    public async Task A_parse_error_is_one_line_on_stderr_naming_the_flag_with_a_hint_to_help_and_exit_1()
    {
        var run = await CliRunner.RunAsync(["--bogus"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.StdoutText);
        Assert.Equal("secretskit: error: unknown flag --bogus\nsecretskit: hint: run 'secretskit --help' for the usage\n", run.Stderr);
    }

    [Fact]
    public async Task The_suggest_directive_completes_an_option_name()
    {
        // The README's completion example: position 12 is the end of "decrypt --ig".
        var run = await CliRunner.RunAsync(["[suggest:12]", "decrypt --ig"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("--ignore-mac\n", run.StdoutText);
    }
}
