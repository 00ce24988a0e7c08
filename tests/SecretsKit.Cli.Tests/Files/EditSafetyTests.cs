using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// <c>edit</c> never throws away what was typed: whatever can fail without the user's typing (no keys for a new file, a
/// directory that cannot be written) fails before the editor opens, and a write that fails after it saves the result.
/// </summary>
public sealed class EditSafetyTests
{
    /// <summary>An editor that records that it ran (a marker file next to the script) and adds a line.</summary>
    private static string MarkingEditor(TempDir dir) =>
        EditSandbox.Editor(dir, $"touch '{dir.File("editor-ran")}'\nprintf 'typed: by-hand\\n' >> \"$1\"");

    [Theory]
    [InlineData("edit", "new-secrets.yaml")]
    [InlineData("--input-type", "yaml", "--output-type", "yaml", "new-secrets.yaml")]
    public async Task A_new_file_without_creation_rules_or_key_flags_is_refused_before_the_editor_opens(params string[] args)
    {
        using var dir = new TempDir();
        var env = EditSandbox.With(MarkingEditor(dir));
        var r = await CliRunner.RunAsync(args, env, cwd: dir.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("config file not found, or has no creation rules, and no keys provided through command line options", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("editor-ran")));
        Assert.False(File.Exists(dir.File("new-secrets.yaml")));
    }

    [Fact]
    public async Task A_new_file_no_creation_rule_matches_is_refused_before_the_editor_opens()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: only-this\\.yaml$\n    age: {TestKeys.AgeRecipient}\n");
        var r = await CliRunner.RunAsync(new[] { "edit", "other.yaml" }, EditSandbox.With(MarkingEditor(dir)), cwd: dir.Path);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("creation rule", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("editor-ran")));
    }

    [Fact]
    public async Task Edit_in_a_directory_that_cannot_be_written_is_refused_before_the_editor_opens()
    {
        using var dir = new TempDir();
        var path = await EditSandbox.EncryptAsync(dir, "password: hunter2\n");
        var before = File.ReadAllText(path);
        var editor = MarkingEditor(dir);
        ReadOnly.Set(dir.Path, true);
        try
        {
            var r = await CliRunner.RunAsync(new[] { "edit", path }, EditSandbox.With(editor));
            Assert.Equal(3, r.ExitCode);
            Assert.Contains($"cannot write {path}: permission denied", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(".tmp", r.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(dir.File("editor-ran")));
        }
        finally
        {
            ReadOnly.Set(dir.Path, false);
        }
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public async Task A_write_that_fails_after_the_editor_closed_keeps_the_edits_encrypted_and_says_where()
    {
        using var dir = new TempDir();
        var path = await EditSandbox.EncryptAsync(dir, "password: hunter2\n");
        // The directory becomes unwritable while the editor runs (after the up-front check).
        var editor = EditSandbox.Editor(dir, $"printf 'typed: by-hand\\n' >> \"$1\"\n{ReadOnly.Command(dir.Path)}");
        string saved;
        try
        {
            var r = await CliRunner.RunAsync(new[] { "edit", path }, EditSandbox.With(editor));
            Assert.Equal(3, r.ExitCode);
            Assert.DoesNotContain(".tmp", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Access to the path", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("by-hand", r.Stderr, StringComparison.Ordinal);
            var hint = r.Stderr.Split('\n').Single(l => l.Contains("your edits are saved, encrypted, in ", StringComparison.Ordinal));
            saved = hint.Split("encrypted, in ", 2)[1].Split(';')[0];
        }
        finally
        {
            ReadOnly.Set(dir.Path, false);
        }
        try
        {
            Assert.DoesNotContain("by-hand", File.ReadAllText(saved), StringComparison.Ordinal);
            var d = await CliRunner.RunAsync(new[] { "decrypt", saved }, EditSandbox.AgeEnv, recordOutput: false);
            Assert.True(d.ExitCode == 0, d.Stderr);
            Assert.Equal("password: hunter2\ntyped: by-hand\n", d.StdoutText);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(saved)!, recursive: true);
        }
    }
}
