using System.Runtime.InteropServices;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// <c>exec-env --same-process</c>: replaces this process with <c>/bin/sh -c CMD</c> through <c>execve(2)</c>, as sops does, so
/// signals reach the command directly (and <c>keyservice</c> with the key service's executable). Returns only when exec fails.
/// </summary>
internal static class ProcessReplacer
{
    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int ExecVe(byte[] path, IntPtr[] argv, IntPtr[] envp);

    [DllImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static extern int ExecV(byte[] path, IntPtr[] argv);

    /// <summary>
    /// Replaces this process with <paramref name="path"/> (<paramref name="argv"/> from argv[0]), keeping the process's own
    /// environment, standard streams and id. Returns only when execv fails, with errno.
    /// </summary>
    public static int Exec(string path, IReadOnlyList<string> argv)
    {
        var args = Strings(argv);
        try
        {
            Console.Out.Flush();
            Console.Error.Flush();
            _ = ExecV(System.Text.Encoding.UTF8.GetBytes(path + "\0"), args);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            foreach (var p in args.Where(p => p != IntPtr.Zero)) Marshal.FreeCoTaskMem(p);
        }
    }

    public static void Exec(string command, IReadOnlyDictionary<string, string> environment)
    {
        var argv = Strings(new[] { "/bin/sh", "-c", command });
        var envp = Strings(environment.Select(kv => $"{kv.Key}={kv.Value}"));
        try
        {
            Console.Out.Flush();
            _ = ExecVe(System.Text.Encoding.UTF8.GetBytes("/bin/sh\0"), argv, envp); // returns only on failure (errno below)
            throw new SecretsKitException(ExitCodes.Generic, $"cannot exec /bin/sh (errno {Marshal.GetLastPInvokeError()})",
                "run without --same-process");
        }
        finally
        {
            foreach (var p in argv.Concat(envp).Where(p => p != IntPtr.Zero)) Marshal.FreeCoTaskMem(p);
        }
    }

    private static IntPtr[] Strings(IEnumerable<string> values) =>
        values.Select(Marshal.StringToCoTaskMemUTF8).Append(IntPtr.Zero).ToArray();
}
