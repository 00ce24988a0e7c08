using System.Runtime.InteropServices;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.IO;

/// <summary>
/// A named pipe (<c>mkfifo(3)</c>) for <c>exec-file</c>: the plaintext goes from our memory to the child through the
/// kernel and never lands on disk. Uses a blittable P/Invoke (no runtime marshalling, AOT-safe).
/// </summary>
internal static partial class Fifo
{
    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo(byte[] path, uint mode);

    public static void Create(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        if (MkFifo(bytes, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"cannot create the FIFO {path} (errno {Marshal.GetLastPInvokeError()})",
                "use --no-fifo to write a private regular file instead");
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> into the FIFO once a reader opens it. When <paramref name="childExited"/> completes first,
    /// the pending open is released by opening the read end ourselves, so the writer never hangs.
    /// </summary>
    public static async Task FeedAsync(string path, byte[] content, Task childExited)
    {
        var writer = Task.Run(() =>
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            fs.Write(content);
        });
        var first = await Task.WhenAny(writer, childExited);
        if (first == writer)
        {
            await Swallow(writer);
            return;
        }
        // The child is gone: unblock an open() still waiting for a reader, then drop whatever was written.
        var drain = Task.Run(() =>
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        });
        await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(2)));
        _ = drain;
        if (writer.IsCompleted) await Swallow(writer);
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the child closed its end early (EPIPE): not our failure, its exit code tells the story
        }
    }
}
