using System.Globalization;
using SecretsKit.Testing.Common;

using static SecretsKit.Cli.Tests.EditSandbox;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// <c>edit</c> with editors that misbehave: one that empties the buffer (sops refuses: "File cannot be completely
/// empty"), one that deletes its file or puts a directory in its place, and a <c>secretskit</c> killed outright while the
/// plaintext is open. The encrypted file is never lost and no plaintext stays behind.
/// </summary>
public sealed class EditHostileEditorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \\n\\n\\t\\n")]
    [InlineData("...\\n")]
    public async Task An_empty_buffer_is_refused_as_sops_refuses_it_with_exit_92_and_the_file_is_untouched(string buffer)
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var marker = dir.File("opened");

        var r = await CliRunner.RunAsync(["edit", path], With(Editor(dir, $"echo \"$1\" > '{marker}'\nprintf '{buffer}' > \"$1\"")));

        Assert.Equal(92, r.ExitCode);
        Assert.StartsWith("secretskit: error: File cannot be completely empty, it must contain at least one document", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(File.ReadAllText(marker).Trim())), "the plaintext temp dir survived");
    }

    [Theory]
    [InlineData("rm -f \"$1\"", "the editor deleted it")]
    [InlineData("rm -f \"$1\" && mkdir \"$1\" && echo 'a: hunter1' > \"$1/inside\"", "the editor replaced it with a directory")]
    public async Task An_editor_that_deletes_or_replaces_its_file_gets_a_clear_error_exit_2_and_nothing_is_lost(string action, string message)
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var marker = dir.File("opened");

        var r = await CliRunner.RunAsync(["edit", path], With(Editor(dir, $"echo \"$1\" > '{marker}'\n{action}")));

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"secretskit: error: could not read the edited file: {message}; {path} was not changed", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter1", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(File.ReadAllText(marker).Trim())), "the plaintext temp dir survived");
    }

    [Fact]
    public async Task The_plaintext_is_removed_even_when_secretskit_is_killed_with_sigkill()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var marker = dir.File("opened");
        var editorPid = dir.File("editor-pid");
        var editor = Editor(dir, $"echo $$ > '{editorPid}'\necho \"$1\" > '{marker}'\nexec sleep 60");

        using var process = StartEdit(path, editor);
        var tempDir = Path.GetDirectoryName(await WaitForTextAsync(marker))!;
        Assert.True(Directory.Exists(tempDir));
        var kill = await ProcessRun.RunAsync("kill", ["-KILL", process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, kill.ExitCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists(tempDir) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(Directory.Exists(tempDir), "the plaintext temp dir survived SIGKILL");
        Assert.Equal(before, File.ReadAllBytes(path));
        await ProcessRun.RunAsync("kill", ["-TERM", await WaitForTextAsync(editorPid)]);
    }
}
