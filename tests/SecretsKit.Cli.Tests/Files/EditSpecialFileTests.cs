using SecretsKit.Testing.Common;

using static SecretsKit.Cli.Tests.EditSandbox;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// <c>edit</c> with an editor that leaves something other than a file in place of its buffer: a FIFO (whose open used to
/// wait for a writer forever) or a link to <c>/dev/zero</c> (read until memory ran out). Each is a clear error, exit 2,
/// within a minute; the encrypted file is untouched and no plaintext stays behind.
/// </summary>
public sealed class EditSpecialFileTests
{
    [Theory]
    [InlineData("mkfifo \"$1\"", "replaced it with a FIFO, a socket or a terminal")]
    [InlineData("ln -s /dev/zero \"$1\"", "replaced it with a symbolic link")]
    public async Task An_editor_that_leaves_a_fifo_or_a_link_gets_a_clear_error_exit_2_and_nothing_is_lost(string action, string message)
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var marker = dir.File("opened");

        var r = await CliRunner.RunAsync(["edit", path], With(Editor(dir, $"echo \"$1\" > '{marker}'\nrm -f \"$1\" && {action}")), timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"secretskit: error: could not read the edited file: the editor {message}; {path} was not changed", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(File.ReadAllText(marker).Trim())), "the plaintext temp dir survived");
    }
}
