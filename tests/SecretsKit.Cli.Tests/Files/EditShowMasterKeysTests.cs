using SecretsKit.Testing.Common;

using static SecretsKit.Cli.Tests.EditSandbox;

namespace SecretsKit.Cli.Tests.Files;

/// <summary><c>edit -s</c>: the editor sees the sops metadata, and key changes made there take effect with the same data key.</summary>
public sealed class EditShowMasterKeysTests
{
    [Fact]
    public async Task Editor_sees_values_in_clear_with_the_metadata_block_and_value_edits_are_saved()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\nb: hunter2\n");
        var editor = Editor(dir, $"set -e\ngrep -q '^sops:' \"$1\"\ngrep -q 'recipient: {TestKeys.AgeRecipient}' \"$1\"\ngrep -q '^a: hunter1$' \"$1\"\nsed -i 's/hunter1/hunter9/' \"$1\"");
        var r = await CliRunner.RunAsync(new[] { "edit", "-s", path }, With(editor));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv);
        Assert.Equal("a: hunter9\nb: hunter2\n", dec.StdoutText);
    }

    [Fact]
    public async Task A_recipient_added_in_the_editor_can_decrypt_and_values_keep_their_ciphertext()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var valueLine = File.ReadAllLines(path).Single(l => l.StartsWith("a:", StringComparison.Ordinal));
        var editor = Editor(dir, $"set -e\nsed -i 's/^    age:$/    age:\\n        - recipient: {TestKeys.OtherAgeRecipient}/' \"$1\"");
        var r = await CliRunner.RunAsync(new[] { "edit", "--show-master-keys", path }, With(editor));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var text = File.ReadAllText(path);
        Assert.Contains(TestKeys.OtherAgeRecipient, text, StringComparison.Ordinal);
        Assert.Contains(TestKeys.AgeRecipient, text, StringComparison.Ordinal);
        Assert.Contains(valueLine, File.ReadAllLines(path));
        var other = await CliRunner.RunAsync(new[] { "decrypt", path }, new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });
        Assert.True(other.ExitCode == 0, other.Stderr);
        Assert.Equal("a: hunter1\n", other.StdoutText);
    }

    [Fact]
    public async Task Removing_every_key_fails_and_leaves_the_file_byte_identical()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var editor = Editor(dir, "sed -i '/^    age:$/,/^          recipient:/d' \"$1\"");
        var r = await CliRunner.RunAsync(new[] { "edit", "-s", path }, With(editor));
        Assert.NotEqual(0, r.ExitCode);
        Assert.True(r.Stderr.Contains("no master keys", StringComparison.Ordinal), r.Stderr);
        Assert.DoesNotContain("hunter1", r.Stderr + r.StdoutText, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_new_file_opened_with_s_shows_the_planned_keys_and_is_created()
    {
        using var dir = new TempDir();
        var path = dir.File("new.yaml");
        var editor = Editor(dir, $"set -e\ngrep -q 'recipient: {TestKeys.AgeRecipient}' \"$1\"\nsed -i 's/^hello: .*/token: hunter3/' \"$1\"");
        var r = await CliRunner.RunAsync(new[] { "edit", "-s", "--age", TestKeys.AgeRecipient, path }, With(editor));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", "--extract", "[\"token\"]", path }, AgeEnv);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal("hunter3", dec.StdoutText);
    }
}
