using System.Runtime.InteropServices;

namespace SecretsKit.KeyService;

/// <summary>
/// The open-file limit (RLIMIT_NOFILE). At start the soft limit is raised to the hard one, as Go's runtime does for sops's
/// server (a native executable otherwise keeps the usual 1,024); the key service sizes its connection cap from the result.
/// </summary>
internal static class DescriptorLimit
{
    private const int RlimitNofile = 7; // Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);

    /// <summary>Descriptors open now (the JIT runtime holds two per loaded assembly); 0 where it cannot be counted.</summary>
    public static int OpenNow()
    {
        try
        {
            return OperatingSystem.IsLinux() ? Directory.GetFiles("/proc/self/fd").Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The soft limit after raising it; 1,024 where it cannot be read (not Linux).</summary>
    public static long RaiseAndRead()
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out var limit) != 0) return 1024;
        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetRLimit(RlimitNofile, ref raised) == 0) limit = raised;
        }
        return (long)Math.Min(limit.Current, int.MaxValue);
    }
}
