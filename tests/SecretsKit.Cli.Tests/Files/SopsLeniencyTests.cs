using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// Input SecretsKit reads where sops 3.13.2 might not (issue 34, item 9), decided from sops' own readers. yaml.v3 refuses
/// control characters (a trailing NUL) and any <c>%YAML</c> version but 1.1: SecretsKit reads the same data without
/// them, so it goes on with a one-line warning. Go's JSON decoder stops after the top-level object, and sops' dotenv
/// store splits on <c>\n</c> (no 64 KiB scanner limit) and keeps keys untrimmed: SecretsKit reads those the same way, so
/// no warning.
/// </summary>
public sealed class SopsLeniencyTests : IClassFixture<FixtureDecryptTests.Keys>
{
    private const string SopsRefuses = "secretskit: warning: ";
    private readonly FixtureDecryptTests.Keys _keys;

    public SopsLeniencyTests(FixtureDecryptTests.Keys keys) => _keys = keys;

    [Theory]
    [InlineData("a: s1\nb: s2\n\0", "U+0000 on line 3", "control characters are not allowed")]
    [InlineData("a: s1\nb: s2\n\0\0\0", "U+0000 on line 3", "control characters are not allowed")]
    [InlineData("a: s1\n\0\nb: s2\n", "U+0000 on line 2", "control characters are not allowed")]
    [InlineData("a: s1\nb: s2\u007f\n", "U+007F on line 2", "control characters are not allowed")]
    [InlineData("%YAML 1.2\n---\na: s1\nb: s2\n", "'%YAML 1.2' on line 1", "found incompatible YAML document")]
    public async Task Yaml_that_sops_refuses_encrypts_with_a_one_line_warning(string plain, string where, string yamlV3Says)
    {
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", plain);

        var result = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, path]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var warning = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(SopsRefuses + path + ": sops 3.13 refuses this file: ", warning, StringComparison.Ordinal);
        Assert.Contains(where, warning, StringComparison.Ordinal);
        Assert.Contains(yamlV3Says, warning, StringComparison.Ordinal);
        // the value, not the temp directory's random name (which may hold "s1"): the path is taken out first
        Assert.DoesNotContain("s1", warning.Replace(path, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(warning.Length < path.Length + 160, warning);
        // What SecretsKit writes is what sops can read: no NUL, no directive.
        Assert.DoesNotContain('\0', result.StdoutText);
        Assert.DoesNotContain("%YAML", result.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: s1\n")]
    [InlineData("%YAML 1.1\n---\na: s1\n")]
    [InlineData("a: \"tab\tand crlf\"\r\nb: s2\r\n")]
    public async Task Yaml_that_sops_reads_encrypts_without_a_warning(string plain)
    {
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", plain);

        var result = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, path]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("\0", "U+0000 on line ")]
    [InlineData("%YAML 1.2\n---\n", "'%YAML 1.2' on line 1")]
    public async Task Sops_yaml_file_that_sops_refuses_decrypts_with_a_warning(string edit, string where)
    {
        var text = Text("ft-format.enc.yaml");
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", edit == "\0" ? text + edit : edit + text);

        var result = await DecryptAsync(path);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal(await DecryptedFixtureAsync("ft-format.enc.yaml"), result.StdoutText);
        Assert.Contains(SopsRefuses + path + ": sops 3.13 refuses this file: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(where, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sops_json_file_with_a_trailing_nul_decrypts_without_a_warning_as_gos_decoder_stops_after_the_object()
    {
        using var dir = new TempDir();
        var path = dir.Write("f.json", Text("ft-format.enc.json") + "\0");

        var result = await DecryptAsync(path);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal(await DecryptedFixtureAsync("ft-format.enc.json"), result.StdoutText);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Dotenv_keys_keep_their_surrounding_spaces_as_in_sops_without_a_warning()
    {
        // sops' dotenv store splits at the first '=' and trims nothing: the key is "  KEY ", the value " v1".
        var encrypted = await DotenvRoundTripAsync("  KEY = v1\nOTHER=v2\n");

        Assert.StartsWith("  KEY =ENC[", encrypted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotenv_key_after_a_line_over_64_KiB_is_read_as_in_sops_without_a_warning()
    {
        // sops' dotenv store splits the whole file on '\n' (bytes.Split), not with bufio.Scanner's 64 KiB token limit.
        var encrypted = await DotenvRoundTripAsync("LONG=" + new string('x', 70_000) + "\nAFTER=v2\n");

        Assert.Contains("\nAFTER=ENC[", encrypted, StringComparison.Ordinal);
    }

    /// <summary>Encrypts and decrypts a dotenv plaintext, both silent and exit 0, the round trip exact; the encrypted text.</summary>
    private async Task<string> DotenvRoundTripAsync(string plain)
    {
        using var dir = new TempDir();
        var encrypted = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, dir.Write("f.env", plain)]);
        Assert.True(encrypted.ExitCode == 0, $"exit {encrypted.ExitCode}: {encrypted.Stderr}");
        Assert.Equal("", encrypted.Stderr);
        var decrypted = await DecryptAsync(dir.Write("f.enc.env", encrypted.StdoutText));
        Assert.True(decrypted.ExitCode == 0, $"exit {decrypted.ExitCode}: {decrypted.Stderr}");
        Assert.Equal("", decrypted.Stderr);
        Assert.Equal(plain, decrypted.StdoutText);
        return encrypted.StdoutText;
    }

    private static string Text(string fixture) => File.ReadAllText(SharedFixtures.PathOf(fixture));

    private async Task<string> DecryptedFixtureAsync(string fixture)
    {
        var result = await DecryptAsync(SharedFixtures.PathOf(fixture));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        return Encoding.UTF8.GetString(result.Stdout);
    }

    private Task<ProcessRun.Result> DecryptAsync(string path) => CliRunner.RunAsync(["decrypt", path], _keys.Env);
}
