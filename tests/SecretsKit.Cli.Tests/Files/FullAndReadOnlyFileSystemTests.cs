using System.Diagnostics;
using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// An in-place write on a file system that is full, or read-only, fails with exit 3 and says which, as the errno of the
/// failed write (in <see cref="IOException.HResult"/>) tells it. Real tmpfs mounts: the test needs root with the right to
/// mount (else it returns early).
/// </summary>
public sealed class FullAndReadOnlyFileSystemTests
{
    [Fact]
    public async Task Encrypt_in_place_on_a_full_file_system_says_no_space_left_and_on_a_read_only_one_says_read_only()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var temp = new TempDir("sk-fs-");
        var mount = Directory.CreateDirectory(temp.File("mnt")).FullName;
        if (!await RunAsync("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount)) return;
        try
        {
            var file = Path.Combine(mount, "values.yaml");
            var plain = new StringBuilder();
            for (var i = 0; i < 900; i++) plain.Append("key").Append(i).Append(": value-").Append(i).Append('\n');
            await File.WriteAllTextAsync(file, plain.ToString()); // ~20 KiB: its encrypted copy does not fit beside it
            var full = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, file]);
            Assert.Equal(3, full.ExitCode);
            Assert.Contains($"cannot write {file}: no space left on the device", full.Stderr, StringComparison.Ordinal);

            Assert.True(await RunAsync("mount", "-o", "remount,ro", mount));
            var readOnly = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, file]);
            Assert.Equal(3, readOnly.ExitCode);
            Assert.Contains("the file system is read-only", readOnly.Stderr, StringComparison.Ordinal);
            Assert.Equal(plain.ToString(), await File.ReadAllTextAsync(file));
        }
        finally
        {
            await RunAsync("umount", mount);
        }
    }

    private static async Task<bool> RunAsync(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
