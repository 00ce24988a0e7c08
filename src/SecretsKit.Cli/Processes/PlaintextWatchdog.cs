using System.ComponentModel;
using System.Diagnostics;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// A small <c>/bin/sh</c> child that removes a plaintext directory once this process is gone, however it went: it reads
/// a pipe only we hold open, so the read ends when we exit, even by SIGKILL or a crash that no handler sees, and then it
/// runs <c>rm -rf</c> on the directory (already gone after a normal exit). It ignores the signals a terminal sends to the
/// whole process group (Ctrl-C, Ctrl-\), so it outlives us to do its one job. Without <c>/bin/sh</c> (Windows) it is a no-op.
/// </summary>
internal sealed class PlaintextWatchdog : IDisposable
{
    // stdout and stderr are let go at once: whoever reads ours (a pipe in CI) must not wait for the watchdog
    private const string Script = "exec >/dev/null 2>&1; trap '' HUP INT QUIT TERM USR1 USR2 ALRM PIPE; cat; rm -rf -- \"$1\"";

    private readonly Process? _process;

    private PlaintextWatchdog(Process? process) => _process = process;

    /// <summary>Starts watching over <paramref name="directory"/>.</summary>
    public static PlaintextWatchdog Watch(string directory)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh")) return new PlaintextWatchdog(null);
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in (string[])["-c", Script, "secretskit-watchdog", directory]) psi.ArgumentList.Add(arg);
        try
        {
            return new PlaintextWatchdog(Process.Start(psi));
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            // the in-process handlers still remove the directory on every exit they see
            return new PlaintextWatchdog(null);
        }
    }

    /// <summary>Lets the watchdog go (it removes the directory if still there, and exits).</summary>
    public void Dispose()
    {
        if (_process is null) return;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it is gone already
        }
        _process.Dispose();
    }
}
