using System.Runtime.InteropServices;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// The children of a run that a signal may interrupt (the release pipeline's helm calls and hooks). Every process the run
/// starts goes through <see cref="RunAsync"/>. The first ending signal sent to us (<see cref="TerminationSignals"/>:
/// SIGINT, SIGTERM, SIGHUP, …) closes the gate (a process asked for afterwards is refused with an
/// <see cref="OperationCanceledException"/> and never started, except a cleanup call, <see cref="ProcessSpec.Cleanup"/>, which starts once the signal was passed on), cancels <see cref="Interrupted"/> (the run begins no new
/// stage and says so), and is passed on to the running children and everything they started: SIGINT as SIGINT (repeated
/// only to what still runs after a second, since a Ctrl-C in a terminal reached them already), SIGHUP as SIGHUP, the
/// others as SIGTERM, so helm can end its operation itself. They are waited for; what still runs after
/// <see cref="Grace"/>, or at a second signal, is killed with its descendants. While this object lives,
/// <see cref="Active"/> tells the process-wide handlers (Program.cs) to leave the plaintext to the run's own exit path.
/// </summary>
internal sealed class InterruptibleProcesses : IInterruptibleProcessRunner
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TerminalHadIt = TimeSpan.FromSeconds(1);
    private static int _active;

    private readonly IProcessRunner _inner;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly CancellationTokenSource _interrupt = new();
    private readonly CancellationTokenSource _kill = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _forwarded = new(TaskCreationOptions.RunContinuationsAsynchronously); // the signal reached the children running then
    private bool _closed;
    private int _running;
    private TaskCompletionSource? _idle;
    private int _received;

    public InterruptibleProcesses(IProcessRunner inner)
    {
        _inner = inner;
        Interlocked.Increment(ref _active);
#pragma warning disable CA2000 // owned by this instance and disposed in Dispose
        _registrations = [.. TerminationSignals.All.Select(s => PosixSignalRegistration.Create(s.Signal, OnSignal))];
#pragma warning restore CA2000
    }

    /// <summary>True while a run's children may hold decrypted files: the process-wide handlers must not remove them.</summary>
    public static bool Active => Volatile.Read(ref _active) > 0;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Interrupted => _interrupt.Token;

    /// <summary>The signal that interrupted the run (<c>SIGINT</c>, …), or null.</summary>
    public string? Signal => Volatile.Read(ref _received) is var n and not 0 ? TerminationSignals.NameOf((PosixSignal)n) : null;

    /// <summary>The exit code after the signal: 128 + its number, as a shell reports a process it ended (130 for SIGINT).</summary>
    public int? ExitCode => Volatile.Read(ref _received) is var n and not 0 ? 128 + TerminationSignals.Number((PosixSignal)n) : null;

    /// <summary>
    /// Runs a child unless the run was interrupted. The caller's cancellation ends it at once, except the interruption
    /// itself: then the child gets the signal and is waited for. The start happens under the gate, so a signal either
    /// finds the child running or refuses it (the inner runner starts the process before its first await).
    /// </summary>
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token);
        using var caller = cancellationToken.Register(() =>
        {
            if (!_interrupt.IsCancellationRequested) end.Cancel();
        });
        // a cleanup call after the signal (ProcessSpec.Cleanup) starts once the signal was passed on, so it never gets it
        if (spec.Cleanup && _interrupt.IsCancellationRequested) await _forwarded.Task;
        Task<ProcessResult> run;
        lock (_gate)
        {
            if (_closed && !spec.Cleanup) throw new OperationCanceledException("interrupted: no new process is started", _interrupt.Token);
            _running++;
            run = _inner.RunAsync(spec, end.Token);
        }
        try
        {
            return await run;
        }
        finally
        {
            lock (_gate)
            {
                if (--_running == 0) _idle?.TrySetResult();
            }
        }
    }

    /// <summary>Waits until no child of the run is running (after a signal, until they ended or were killed).</summary>
    public Task DrainAsync()
    {
        lock (_gate) return _running == 0 ? Task.CompletedTask : (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        Interlocked.Decrement(ref _active);
        _interrupt.Dispose();
        _kill.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal, 0) != 0)
        {
            EndChildren(); // a second signal: end them now
            return;
        }
        lock (_gate) _closed = true;
        _interrupt.Cancel();
        var signal = context.Signal;
        _ = Task.Run(() => ForwardAsync(signal), CancellationToken.None);
    }

    private async Task ForwardAsync(PosixSignal signal)
    {
        if (signal == PosixSignal.SIGINT && await IdleWithinAsync(TerminalHadIt))
        {
            _forwarded.TrySetResult();
            return;
        }
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGHUP => 1,
            _ => 15,
        };
        foreach (var pid in ProcessTree.Descendants(Environment.ProcessId)) _ = Kill(pid, number);
        _forwarded.TrySetResult();
        if (!await IdleWithinAsync(Grace)) EndChildren();
    }

    /// <summary>Kills the running children with their descendants (the inner runner does on its token).</summary>
    private void EndChildren()
    {
        try
        {
            _kill.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the run is over
        }
    }

    private async Task<bool> IdleWithinAsync(TimeSpan wait)
    {
        var idle = DrainAsync();
        return await Task.WhenAny(idle, Task.Delay(wait, CancellationToken.None)) == idle;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
