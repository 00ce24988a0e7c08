using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>Tampered or malformed input: the sops exit code, a clear message, no stack trace, nothing written.</summary>
public sealed class BadInputTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    private static async Task<(TempDir Dir, string Path)> EncryptedYamlAsync(string content)
    {
        var dir = new TempDir();
        var path = dir.Write("secrets.yaml", content);
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path });
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        return (dir, path);
    }

    private static void AssertCleanError(ProcessRun.Result r)
    {
        Assert.StartsWith("secretskit: error: ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
    }

    private static async Task AssertDecryptFailsWithoutWritingAsync(string path, int expectedExit)
    {
        var before = File.ReadAllBytes(path);
        var output = path + ".out";
        var r = await CliRunner.RunAsync(new[] { "decrypt", "--output", output, path }, AgeEnv);
        Assert.Equal(expectedExit, r.ExitCode);
        AssertCleanError(r);
        Assert.False(File.Exists(output));
        var inPlace = await CliRunner.RunAsync(new[] { "decrypt", "-i", path }, AgeEnv);
        Assert.Equal(expectedExit, inPlace.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.DoesNotContain("hunter", r.Stderr + inPlace.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_rejects_swapped_list_values_with_exit_51()
    {
        var (dir, path) = await EncryptedYamlAsync("list:\n    - hunter1\n    - hunter2\n");
        using var _ = dir;
        var lines = File.ReadAllLines(path);
        var items = lines.Select((l, i) => (l, i)).Where(p => p.l.TrimStart().StartsWith("- ENC[", StringComparison.Ordinal)).ToList();
        (lines[items[0].i], lines[items[1].i]) = (lines[items[1].i], lines[items[0].i]);
        File.WriteAllLines(path, lines);
        await AssertDecryptFailsWithoutWritingAsync(path, 51);
    }

    [Fact]
    public async Task Decrypt_rejects_value_moved_to_another_key_with_exit_25()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\nb: hunter2\n");
        using var _ = dir;
        var text = File.ReadAllText(path);
        var values = Regex.Matches(text, @"ENC\[AES256_GCM,[^\]]*type:str\]").Select(m => m.Value).ToList();
        text = text.Replace("a: " + values[0], "a: " + values[1], StringComparison.Ordinal);
        File.WriteAllText(path, text);
        await AssertDecryptFailsWithoutWritingAsync(path, 25);
    }

    [Fact]
    public async Task Decrypt_rejects_deleted_key_with_exit_51()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\nb: hunter2\n");
        using var _ = dir;
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.StartsWith("b:", StringComparison.Ordinal)));
        await AssertDecryptFailsWithoutWritingAsync(path, 51);
    }

    [Fact]
    public async Task Decrypt_rejects_edited_lastmodified_with_exit_51()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\n");
        using var _ = dir;
        var text = Regex.Replace(File.ReadAllText(path), "lastmodified: \"\\d{4}", "lastmodified: \"1999");
        File.WriteAllText(path, text);
        await AssertDecryptFailsWithoutWritingAsync(path, 51);
    }

    [Fact]
    public async Task Decrypt_without_a_usable_key_exits_128_and_lists_each_key_tried()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\n");
        using var _ = dir;
        var r = await CliRunner.RunAsync(new[] { "decrypt", path }, new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });
        Assert.Equal(128, r.ExitCode);
        AssertCleanError(r);
        Assert.Contains(TestKeys.AgeRecipient, r.Stderr, StringComparison.Ordinal);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public async Task Decrypt_rejects_malformed_enc_value_with_exit_25()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\n");
        using var _ = dir;
        var text = Regex.Replace(File.ReadAllText(path), @"a: ENC\[AES256_GCM,data:", "a: ENC[AES256_GCM,dta:");
        File.WriteAllText(path, text);
        await AssertDecryptFailsWithoutWritingAsync(path, 25);
    }

    [Theory]
    [InlineData("secrets.yaml", "a: [unclosed\n")]
    [InlineData("secrets.json", "{\"a\": \"b\"")]
    public async Task Truncated_plaintext_fails_to_encrypt_with_exit_2_and_file_untouched(string name, string content)
    {
        using var dir = new TempDir();
        var path = dir.Write(name, content);
        var before = File.ReadAllBytes(path);
        var r = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path });
        Assert.Equal(2, r.ExitCode);
        AssertCleanError(r);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Truncated_encrypted_file_fails_to_decrypt_with_a_clear_error()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\nb: hunter2\n");
        using var _ = dir;
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var r = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv);
        Assert.NotEqual(0, r.ExitCode);
        AssertCleanError(r);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public async Task Unknown_metadata_values_give_a_clear_error()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\n");
        using var _ = dir;
        File.WriteAllText(path, Regex.Replace(File.ReadAllText(path), "lastmodified: \"[^\"]*\"", "lastmodified: yesterday"));
        var r = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv);
        Assert.Equal(1, r.ExitCode);
        AssertCleanError(r);
        Assert.Contains("lastmodified", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypt_in_place_of_an_encrypted_file_fails_203_and_leaves_it_byte_identical()
    {
        var (dir, path) = await EncryptedYamlAsync("a: hunter1\n");
        using var _ = dir;
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var r = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path });
        Assert.Equal(203, r.ExitCode);
        AssertCleanError(r);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task Encrypt_in_place_without_any_key_fails_and_leaves_the_file_byte_identical()
    {
        using var dir = new TempDir();
        var path = dir.Write("plain.yaml", "a: hunter1\n");
        var r = await CliRunner.RunAsync(new[] { "encrypt", "-i", path }, cwd: dir.Path);
        Assert.NotEqual(0, r.ExitCode);
        AssertCleanError(r);
        Assert.Equal("a: hunter1\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task In_place_and_output_together_exit_8()
    {
        using var dir = new TempDir();
        var path = dir.Write("plain.yaml", "a: b\n");
        var r = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--output", dir.File("x"), "--age", TestKeys.AgeRecipient, path });
        Assert.Equal(8, r.ExitCode);
    }

    [Fact]
    public async Task Decrypt_of_a_missing_file_exits_100()
    {
        var r = await CliRunner.RunAsync(new[] { "decrypt", "/nonexistent/secrets.yaml" });
        Assert.Equal(100, r.ExitCode);
        AssertCleanError(r);
    }

    [Fact]
    public async Task A_pattern_sops_cannot_compile_is_refused_in_go_s_words_from_the_config_and_the_command_line()
    {
        using var dir = new TempDir();
        var plain = dir.Write("x.yaml", "a: hunter2\n");
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: '('\n    age: {TestKeys.AgeRecipient}\n");

        var config = await CliRunner.RunAsync(new[] { "encrypt", plain }, cwd: dir.Path);
        using var bare = new TempDir(); // no .sops.yaml: the pattern comes from the command line
        var other = bare.Write("x.yaml", "a: hunter2\n");
        var flag = await CliRunner.RunAsync(new[] { "encrypt", "--encrypted-regex", "(?=a)", "--age", TestKeys.AgeRecipient, other }, cwd: bare.Path);

        Assert.Equal(1, config.ExitCode);
        AssertCleanError(config);
        Assert.Contains(".sops.yaml: creation_rules[0]: path_regex: invalid regular expression '(': error parsing regexp: missing closing ): `(`", config.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, flag.ExitCode);
        AssertCleanError(flag);
        Assert.Contains("encrypted_regex: invalid regular expression '(?=a)': error parsing regexp: invalid or unsupported Perl syntax: `(?=`", flag.Stderr, StringComparison.Ordinal);
        Assert.Equal("a: hunter2\n", File.ReadAllText(plain));
        Assert.DoesNotContain("hunter2", config.StdoutText + config.Stderr + flag.StdoutText + flag.Stderr, StringComparison.Ordinal);
    }
}
