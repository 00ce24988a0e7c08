using System.Runtime.InteropServices;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// The signals whose default action ends the process and that .NET lets us handle: SIGINT, SIGTERM, SIGHUP, SIGQUIT
/// (Ctrl-\), and on Linux, by number, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGXCPU, SIGXFSZ and SIGPWR. On each the
/// plaintext is removed before the process ends (or the editor is stopped first, see <see cref="ChildSignals"/>). What
/// cannot be handled (SIGKILL, a crash) is left to <see cref="PlaintextWatchdog"/>.
/// </summary>
internal static class TerminationSignals
{
    /// <summary>Every handled signal with its name; the raw numbers are Linux's (they differ on other systems).</summary>
    public static IReadOnlyList<(PosixSignal Signal, string Name)> All { get; } = Build();

    /// <summary>The name of <paramref name="signal"/>, e.g. <c>SIGQUIT</c>.</summary>
    public static string NameOf(PosixSignal signal) => All.FirstOrDefault(s => s.Signal == signal).Name ?? "signal " + (int)signal;

    /// <summary>The number of <paramref name="signal"/> on Linux (SIGINT 2, SIGTERM 15, …).</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => (int)signal,
    };

    private static List<(PosixSignal, string)> Build()
    {
        var all = new List<(PosixSignal, string)>
        {
            (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGQUIT, "SIGQUIT"),
        };
        if (OperatingSystem.IsLinux())
        {
            all.AddRange([
                ((PosixSignal)10, "SIGUSR1"), ((PosixSignal)12, "SIGUSR2"), ((PosixSignal)14, "SIGALRM"), ((PosixSignal)26, "SIGVTALRM"),
                ((PosixSignal)24, "SIGXCPU"), ((PosixSignal)25, "SIGXFSZ"), ((PosixSignal)30, "SIGPWR"),
            ]);
        }
        return all;
    }
}
