using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SecretsKit.Cli.Processes;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Edition;

/// <summary>
/// <c>secretskit-full</c>, the full CLI shipped next to the lean native one: the lean CLI replaces its own process with it
/// (<c>execv</c>) when a run needs what the lean build lacks (<see cref="FullBinaryRequired"/>). The full CLI gets the same
/// argv (argv[0] included, so a <c>sops</c> link still speaks as sops), the same environment, process id and standard
/// streams. Standard input a command already read is put back: the bytes read, then the rest of the input, go into an
/// anonymous in-memory file (<c>memfd_create</c>, never on disk) that becomes fd 0.
/// </summary>
internal static class FullBinary
{
    public const string Name = "secretskit-full";

    [DllImport("libc", EntryPoint = "memfd_create", SetLastError = true)]
    private static extern int MemfdCreate(byte[] name, uint flags);

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long Seek(int fd, long offset, int whence);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static extern int Dup2(int oldFd, int newFd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>Becomes the full CLI; returns only by throwing (the full CLI is missing, or exec failed).</summary>
    public static void Exec(FullBinaryRequired reason, RecordedStdin? stdin)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Name);
        if (!File.Exists(path))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{reason.What} needs the full CLI, {Name}, which is not in {AppContext.BaseDirectory}",
                $"install SecretsKit again (its native package ships {Name} next to secretskit)");
        }
        if (stdin is { Consumed.Length: > 0 }) PutBack(stdin);
        Core.Platform.PrivateTempDirectory.RemoveAll(); // exec runs no exit path of this process: no plaintext directory may outlive it
        var errno = ProcessReplacer.Exec(path, CommandLine());
        throw new SecretsKitException(ExitCodes.Generic, $"cannot run {path} (errno {errno})");
    }

    /// <summary>fd 0 becomes a memfd holding what was read of standard input, then what was not.</summary>
    private static void PutBack(RecordedStdin stdin)
    {
        var fd = MemfdCreate("secretskit-stdin\0"u8.ToArray(), 0);
        if (fd < 0) throw new SecretsKitException(ExitCodes.Generic, $"cannot hand standard input to {Name} (memfd_create: errno {Marshal.GetLastPInvokeError()})");
        using (var handle = new SafeFileHandle(fd, ownsHandle: false))
        using (var memfd = new FileStream(handle, FileAccess.Write))
        {
            memfd.Write(stdin.Consumed.Span);
            stdin.Inner.CopyTo(memfd);
        }
        if (Seek(fd, 0, 0) < 0 || Dup2(fd, 0) < 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"cannot hand standard input to {Name} (errno {Marshal.GetLastPInvokeError()})");
        }
        _ = Close(fd);
    }

    /// <summary>This process's argv as it was started (<c>/proc/self/cmdline</c>), else what .NET reports.</summary>
    private static string[] CommandLine()
    {
        try
        {
            var text = File.ReadAllText("/proc/self/cmdline");
            return (text.EndsWith('\0') ? text[..^1] : text).Split('\0'); // each argument ends with a NUL; an empty one is kept
        }
        catch (IOException)
        {
            return Environment.GetCommandLineArgs();
        }
    }
}
