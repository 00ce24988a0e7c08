using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// While a foreground child (the editor) runs, signals sent to us go to it and every process it started, and we wait
/// for it to end before the plaintext it edits may be removed (<see cref="Active"/> tells the process-wide handlers in
/// Program.cs to leave that to the normal exit path). SIGTERM/SIGHUP are forwarded at once and cancel the edit; what is
/// left after a grace period is killed. SIGINT is only a request: a Ctrl-C in the terminal reached the editor already
/// (same process group), and vim or nano use it as a key, so it is repeated to the editor's processes after a moment
/// when they are still running, never escalated, and the edit goes on if the editor ignores it. The other
/// <see cref="TerminationSignals"/> (SIGQUIT, SIGUSR1, SIGALRM, …) end the edit as SIGTERM does.
/// </summary>
internal sealed class ChildSignals : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private static int _active;

    private readonly PosixSignalRegistration[] _registrations;
    private readonly Lock _gate = new();
    private Process? _child;
    private int _pending;
    private int _received;

    private ChildSignals()
    {
        Interlocked.Increment(ref _active);
#pragma warning disable CA2000 // owned by this instance and disposed in Dispose
        _registrations =
        [
            .. TerminationSignals.All.Select(s => PosixSignalRegistration.Create(s.Signal, s.Signal == PosixSignal.SIGINT ? OnInterrupt : OnSignal)),
        ];
#pragma warning restore CA2000
    }

    /// <summary>True while a child holds a plaintext file open: signal handlers must not remove it under the child.</summary>
    public static bool Active => Volatile.Read(ref _active) > 0;

    /// <summary>The signal that ended the edit (SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, …), or null when none arrived.</summary>
    public string? Received => Volatile.Read(ref _received) is var n and not 0 ? TerminationSignals.NameOf((PosixSignal)n) : null;

    /// <summary>
    /// Starts watching for signals, before the child starts: a signal that arrives while it is being started is held and
    /// forwarded once it is <see cref="Attach"/>ed, so no window leaves the process-wide handler to end this process with
    /// the editor left running on its own.
    /// </summary>
    public static ChildSignals Watch() => new();

    /// <summary>The started child the signals go to; one held since <see cref="Watch"/> is forwarded now.</summary>
    public void Attach(Process child)
    {
        int pending;
        lock (_gate)
        {
            _child = child;
            pending = _pending;
        }
        if (pending != 0) _ = Task.Run(() => ForwardAsync(pending), CancellationToken.None);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        Interlocked.Decrement(ref _active);
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        // the editor is asked to end as by a terminal hang-up or a kill (SIGTERM for the others: SIGQUIT would make it dump core)
        End(context.Signal, context.Signal == PosixSignal.SIGHUP ? 1 : 15);
    }

    /// <summary>The first ending signal: forwarded to the child, or held for it while it is being started.</summary>
    private void End(PosixSignal signal, int number)
    {
        if (Interlocked.CompareExchange(ref _received, (int)signal, 0) != 0) return;
        lock (_gate)
        {
            if (_child is null)
            {
                _pending = number;
                return;
            }
        }
        _ = Task.Run(() => ForwardAsync(number), CancellationToken.None);
    }

    private void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        bool started;
        lock (_gate) started = _child is not null;
        if (!started)
        {
            // Ctrl-C while the editor is being started: the edit is canceled (the editor is asked to end once it is up)
            End(PosixSignal.SIGINT, 15);
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                if (!await ExitsWithinAsync(TimeSpan.FromSeconds(1))) await SendAsync(2);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // the editor is gone
            }
        }, CancellationToken.None);
    }

    private async Task ForwardAsync(int number)
    {
        try
        {
            await SendAsync(number);
            if (!await ExitsWithinAsync(Grace)) KillTree();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            KillTree();
        }
    }

    /// <summary>Sends signal <paramref name="number"/> to the child and its descendants with <c>kill</c>.</summary>
    private async Task SendAsync(int number)
    {
        var child = _child!;
        if (child.HasExited) return;
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false };
        kill.ArgumentList.Add("-" + number.ToString(CultureInfo.InvariantCulture));
        foreach (var pid in ProcessTree.Descendants(child.Id).Prepend(child.Id)) kill.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var sent = Process.Start(kill);
        if (sent is not null) await sent.WaitForExitAsync();
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            await _child!.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void KillTree()
    {
        try
        {
            if (_child is { HasExited: false } child) child.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
        }
    }
}
