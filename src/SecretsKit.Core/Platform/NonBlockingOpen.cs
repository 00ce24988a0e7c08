using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SecretsKit.Core.Platform;

/// <summary>
/// Opens a file nobody named to us (an entry of a <c>render -f</c> directory, what an editor left in <c>edit</c>'s temp
/// dir) without waiting on it: <c>open(2)</c> with <c>O_NONBLOCK</c>, so a FIFO with no writer opens at once instead of
/// blocking the read forever, and a file that cannot seek (a FIFO, a socket, a terminal) is refused. A file the user
/// named is opened as usual, so <c>-f &lt;(kubectl get …)</c> still reads its pipe. A blittable P/Invoke (AOT-safe).
/// </summary>
public static class NonBlockingOpen
{
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    private static int NonBlocking => OperatingSystem.IsMacOS() ? 0x4 : 0x800;
    private static int CloseOnExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    /// <summary>A stream over <paramref name="path"/>; an <see cref="InvalidDataException"/> when it is not a file to read.</summary>
    public static FileStream OpenFile(string path)
    {
        if (OperatingSystem.IsWindows()) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var fd = Open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException("no such file"),
                6 => new InvalidDataException("a socket, not read"),
                13 => new UnauthorizedAccessException("permission denied"),
                _ when errno == (OperatingSystem.IsMacOS() ? 62 : 40) => new IOException("a symbolic link loop"),
                _ => new IOException($"cannot open (errno {errno})"),
            };
        }
#pragma warning disable CA2000 // the handle is owned (and closed) by the stream
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
#pragma warning restore CA2000
        if (stream.CanSeek) return stream;
        stream.Dispose();
        throw new InvalidDataException("a FIFO, socket or terminal, not read");
    }
}
