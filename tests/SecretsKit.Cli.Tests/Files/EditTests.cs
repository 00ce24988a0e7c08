using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

using static SecretsKit.Cli.Tests.EditSandbox;

namespace SecretsKit.Cli.Tests.Files;

/// <summary><c>edit</c>: re-encrypts with the same data key, exits 200 when unchanged, never leaves plaintext behind.</summary>
public sealed class EditTests
{
    [Fact]
    public async Task Edit_keeps_ciphertext_of_unchanged_values_and_changes_the_edited_one()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\nb: hunter2\n");
        var before = File.ReadAllLines(path);
        var r = await CliRunner.RunAsync(new[] { "edit", path }, With(Editor(dir, "sed -i 's/hunter1/hunter9/' \"$1\"")));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var after = File.ReadAllLines(path);
        Assert.Equal(before.Single(l => l.StartsWith("b:", StringComparison.Ordinal)), after.Single(l => l.StartsWith("b:", StringComparison.Ordinal)));
        Assert.NotEqual(before.Single(l => l.StartsWith("a:", StringComparison.Ordinal)), after.Single(l => l.StartsWith("a:", StringComparison.Ordinal)));
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv);
        Assert.Equal("a: hunter9\nb: hunter2\n", dec.StdoutText);
    }

    [Fact]
    public async Task Edit_without_changes_exits_200_and_leaves_the_file_byte_identical()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var r = await CliRunner.RunAsync(new[] { "edit", path }, With("true"));
        Assert.Equal(200, r.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Edit_that_breaks_the_yaml_fails_clearly_and_writes_nothing()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var r = await CliRunner.RunAsync(new[] { "edit", path }, With(Editor(dir, "printf 'a: [broken\\n' > \"$1\"")));
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("secretskit: error:", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter1", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Edit_of_a_new_file_creates_it_from_the_creation_rule()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: new\\.yaml$\n    age: {TestKeys.AgeRecipient}\n");
        var path = dir.File("sub/new.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var r = await CliRunner.RunAsync(new[] { "edit", path }, With(Editor(dir, "printf 'token: hunter3\\n' > \"$1\"")));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(TestKeys.AgeRecipient, File.ReadAllText(path), StringComparison.Ordinal);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv);
        Assert.Equal("token: hunter3\n", dec.StdoutText);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    [InlineData("QUIT")]
    [InlineData("USR1")]
    [InlineData("USR2")]
    [InlineData("ALRM")]
    public async Task Plaintext_temp_dir_is_private_and_removed_when_secretskit_is_signalled(string signal)
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter1\n");
        var before = File.ReadAllBytes(path);
        var marker = dir.File("opened");
        var editor = Editor(dir, $"echo \"$1\" > '{marker}'\nsleep 30");

        using var process = StartEdit(path, editor);
        await WaitForTextAsync(marker);
        var tempFile = File.ReadAllText(marker).Trim();
        var tempDir = Path.GetDirectoryName(tempFile)!;
        Assert.Equal("a: hunter1\n", File.ReadAllText(tempFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(tempDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tempFile));

        var kill = await ProcessRun.RunAsync("kill", new[] { "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(0, kill.ExitCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        Assert.NotEqual(0, process.ExitCode);
        // removed by the exit path, or (a signal that came before the editor's handlers were set) by the watchdog just after
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists(tempDir) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(Directory.Exists(tempDir), "the plaintext temp dir survived the signal");
        Assert.Equal(before, File.ReadAllBytes(path));
        await ProcessRun.RunAsync("pkill", new[] { "-f", editor });
    }
}
