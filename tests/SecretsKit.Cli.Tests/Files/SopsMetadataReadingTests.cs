using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// Files written by real sops, edited the way a YAML/JSON tool or an attacker would: decrypt reads their metadata as
/// sops 3.13 does (lastmodified normalised before the MAC, the file's selection rules applied per key, strict types).
/// </summary>
public sealed partial class SopsMetadataReadingTests : IClassFixture<FixtureDecryptTests.Keys>
{
    private readonly FixtureDecryptTests.Keys _keys;

    public SopsMetadataReadingTests(FixtureDecryptTests.Keys keys) => _keys = keys;

    [GeneratedRegex(@"(lastmodified[^\n]*?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z")]
    private static partial Regex LastModified();

    [Theory]
    [InlineData("ft-format.enc.yaml", "+00:00")]
    [InlineData("ft-format.enc.yaml", ".000Z")]
    [InlineData("ft-format.enc.json", "+00:00")]
    [InlineData("ft-format.enc.json", ".000Z")]
    [InlineData("ft-format.enc.env", "+00:00")]
    [InlineData("ft-format.enc.env", ".000Z")]
    [InlineData("ft-format.enc.ini", "+00:00")]
    [InlineData("ft-format.enc.ini", ".5Z")]
    [InlineData("sops-example-binary.enc.json", "+00:00")]
    [InlineData("sops-example-binary.enc.json", ".000000001Z")]
    public async Task Lastmodified_in_another_rfc3339_form_decrypts_as_in_sops(string fixture, string suffix)
    {
        var text = Text(fixture);
        Assert.Matches(LastModified(), text);
        using var dir = new TempDir();
        var path = dir.Write(fixture, LastModified().Replace(text, "$1" + suffix, 1));

        var result = await DecryptAsync(fixture, path);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
    }

    [Fact]
    public async Task Lastmodified_moved_by_one_second_still_fails_the_mac()
    {
        var text = Text("ft-format.enc.yaml");
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", text.Replace("2026-05-22T20:16:23Z", "2026-05-22T20:16:24Z", StringComparison.Ordinal));

        var result = await DecryptAsync("f.yaml", path);

        Assert.Equal(51, result.ExitCode);
    }

    [Fact]
    public async Task Plaintext_that_a_changed_unencrypted_suffix_now_selects_is_refused()
    {
        var text = Text("sops-example.enc.yaml");
        Assert.Contains("unencrypted_suffix: _unencrypted", text, StringComparison.Ordinal);
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", text.Replace("unencrypted_suffix: _unencrypted", "unencrypted_suffix: _plain", StringComparison.Ordinal));

        var result = await DecryptAsync("f.yaml", path);

        Assert.Equal(25, result.ExitCode);
        Assert.Contains("is not encrypted, but the file's rules say it must be", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypted_regex_that_selects_nothing_fails_the_mac_as_in_sops()
    {
        var text = Text("ft-format.enc.yaml");
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", text.Replace("unencrypted_suffix: _unencrypted", "encrypted_regex: ^nothing$", StringComparison.Ordinal));

        var result = await DecryptAsync("f.yaml", path);

        Assert.Equal(51, result.ExitCode);
    }

    [Theory]
    [InlineData("version: 3.13.1", "version: [3, 13, 1]", "'version' must be a string")]
    [InlineData("version: 3.13.1", "version: 3.13.1\n    mac_only_encrypted: \"yes\"", "'mac_only_encrypted' must be true or false")]
    [InlineData("version: 3.13.1", "version: 3.13.1\n    mac_only_encrypted: [true]", "'mac_only_encrypted' must be true or false")]
    [InlineData("    lastmodified: \"2026-05-22T20:16:23Z\"", "    lastmodified: {at: \"2026-05-22T20:16:23Z\"}", "'lastmodified' must be a string")]
    [InlineData("version: 3.13.1", "version: 3.13.1\n    shamir_threshold: two", "'shamir_threshold' must be an integer")]
    [InlineData("version: 3.13.1", "version: 3.13.1\n    shamir_threshold: \"1\"", "'shamir_threshold' must be an integer")]
    public async Task Metadata_of_the_wrong_type_is_refused(string from, string to, string expected)
    {
        var text = Text("ft-format.enc.yaml");
        Assert.Contains(from, text, StringComparison.Ordinal);
        using var dir = new TempDir();
        var path = dir.Write("f.yaml", text.Replace(from, to, StringComparison.Ordinal));

        var result = await DecryptAsync("f.yaml", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_file_with_a_second_sops_key_is_refused()
    {
        var text = Text("ft-format.enc.json");
        var sops = text.IndexOf("\t\"sops\":", StringComparison.Ordinal);
        var copy = text[sops..text.LastIndexOf('}')].TrimEnd();
        using var dir = new TempDir();
        var path = dir.Write("f.json", text[..sops] + copy + ",\n" + text[sops..]);

        var result = await DecryptAsync("f.json", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("more than one top-level \"sops\" key", result.Stderr, StringComparison.Ordinal);
    }

    private static string Text(string fixture) => File.ReadAllText(SharedFixtures.PathOf(fixture));

    private Task<ProcessRun.Result> DecryptAsync(string fixture, string path)
    {
        var args = new List<string> { "decrypt" };
        if (fixture.Contains("binary", StringComparison.Ordinal)) args.AddRange(new[] { "--input-type", "binary" });
        args.Add(path);
        return CliRunner.RunAsync(args, _keys.Env);
    }
}
