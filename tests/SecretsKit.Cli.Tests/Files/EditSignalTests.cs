using System.Globalization;
using SecretsKit.Testing.Common;

using static SecretsKit.Cli.Tests.EditSandbox;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// <c>edit</c> on SIGTERM: the signal reaches the editor and the processes it started, secretskit waits for them to end,
/// and only then removes the plaintext; the editor is never left running on a deleted path.
/// </summary>
public sealed class EditSignalTests
{
    [Fact]
    public async Task Sigterm_is_forwarded_to_the_editor_and_its_children_before_the_plaintext_is_removed()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "a: hunter41\n");
        var before = File.ReadAllBytes(path);
        var opened = dir.File("opened");
        var gotTerm = dir.File("got-term");
        var child = dir.File("child-pid");
        // The editor records the plaintext's path and a child's pid; on TERM it checks the plaintext is still there.
        var editor = Editor(dir,
            $"trap 'if [ -f \"$1\" ]; then echo present > \"{gotTerm}\"; else echo gone > \"{gotTerm}\"; fi; exit 0' TERM\n" +
            $"sleep 300 &\necho $! > \"{child}\"\necho \"$1\" > \"{opened}\"\nwait");

        using var process = StartEdit(path, editor);
        var tempFile = await WaitForTextAsync(opened);
        var childPid = int.Parse(await WaitForTextAsync(child), CultureInfo.InvariantCulture);
        var kill = await ProcessRun.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, kill.ExitCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        var stderr = await process.StandardError.ReadToEndAsync(cts.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("edit canceled by SIGTERM; nothing was written", stderr, StringComparison.Ordinal);
        Assert.Equal("present", (await WaitForTextAsync(gotTerm)).Trim());
        Assert.False(Directory.Exists(Path.GetDirectoryName(tempFile)), "the plaintext temp dir survived");
        Assert.True(await GoneAsync(childPid), "the editor's child process is still running");
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal)) return true;
            await Task.Delay(50);
        }
        return false;
    }
}
