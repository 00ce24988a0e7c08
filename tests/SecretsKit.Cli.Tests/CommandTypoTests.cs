using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// A mistyped verb gets <c>unknown command 'x' — did you mean 'y'?</c> and exit 1, as git and kubectl do; it is never
/// taken for sops's <c>secretskit FILE</c> edit of a new file nor reported as an unknown flag. A real file keeps the edit form.
/// </summary>
public sealed class CommandTypoTests
{
    private static Dictionary<string, string?> MarkingEditor(TempDir dir) =>
        EditSandbox.With(EditSandbox.Editor(dir, $"touch '{dir.File("editor-ran")}'\necho 'a: b' > \"$1\""));

    [Theory]
    [InlineData("decrypt", "decrpyt")]
    [InlineData("encrypt", "encrpyt", "-i", "f.yaml")]
    [InlineData("rotate", "rotat", "-i", "f.yaml")]
    [InlineData("updatekeys", "updatekey", "f.yaml")]
    public async Task Mistyped_verb_is_named_with_a_suggestion_and_exits_1_without_an_editor(string meant, params string[] args)
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\n");
        dir.Write("f.yaml", "a: hunter31\n");

        var r = await CliRunner.RunAsync(args, MarkingEditor(dir), cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"secretskit: error: unknown command '{args[0]}' — did you mean '{meant}'?\n", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown flag", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("editor-ran")));
        Assert.False(File.Exists(dir.File(args[0])));
        Assert.Equal("a: hunter31\n", File.ReadAllText(dir.File("f.yaml")));
    }

    [Fact]
    public async Task An_existing_file_named_like_a_typo_is_still_edited_as_sops_does()
    {
        using var dir = new TempDir();
        var path = dir.Write("decrpyt", "{\"a\": \"hunter32\"}");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var env = MarkingEditor(dir);
        env["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile;

        var r = await CliRunner.RunAsync(["decrpyt"], env, cwd: dir.Path);

        Assert.DoesNotContain("unknown command", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("editor-ran")), r.Stderr);
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("status")]
    public async Task A_bare_word_that_is_no_command_and_no_file_is_an_error_not_an_editor_on_a_new_file(string word)
    {
        using var dir = new TempDir();

        var r = await CliRunner.RunAsync([word], MarkingEditor(dir), cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"secretskit: error: unknown command '{word}'", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("editor-ran")));
        Assert.False(File.Exists(dir.File(word)));
    }

    [Fact]
    public async Task A_new_file_with_an_extension_still_opens_the_editor_as_sops_does()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\n");

        var r = await CliRunner.RunAsync(["new.yaml"], MarkingEditor(dir), cwd: dir.Path);

        Assert.True(File.Exists(dir.File("editor-ran")), r.Stderr);
        Assert.DoesNotContain("unknown command", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    public async Task Version_and_dash_dash_version_print_the_program_name_and_version(string arg)
    {
        using var dir = new TempDir();

        var r = await CliRunner.RunAsync([arg], MarkingEditor(dir), cwd: dir.Path);

        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^secretskit \d+\.\d+\.\d+\+\S+\n$", r.StdoutText);
        Assert.False(File.Exists(dir.File("version")));
    }

    [Theory]
    [InlineData("decrpyt", "decrypt", 1)]
    [InlineData("encrpyt", "encrypt", 1)]
    [InlineData("decrypt", "decrypt", 0)]
    [InlineData("abc", "abd", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_counts_an_adjacent_swap_as_one_edit(string a, string b, int expected) =>
        Assert.Equal(expected, SecretsKit.Core.Errors.EditDistance.Between(a, b));
}
