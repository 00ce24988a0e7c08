using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The host's lifetime in place of .NET's console lifetime (which takes SIGTERM for the web server alone): the first
/// SIGTERM, SIGINT or SIGQUIT stops the whole host through <see cref="IHostApplicationLifetime.StopApplication"/>
/// (graceful, bounded: <see cref="AgentHost.StopAsync"/>); a second one exits at once with code 1, as controller-runtime does.
/// Without <c>handleSignals</c> (the in-process tests) it only hands over to the host.
/// </summary>
internal sealed class AgentLifetime(IHostApplicationLifetime lifetime, AgentLog log, bool handleSignals, Action? onStop = null) : IHostLifetime, IDisposable
{
    /// <summary>Exit code after a second signal.</summary>
    public const int SecondSignalExitCode = 1;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        if (handleSignals)
        {
            foreach (var signal in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT])
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            onStop?.Invoke(); // before the log line: the shutdown bound starts at the signal
            log.Info("signal received; shutting down", ("signal", context.Signal.ToString()));
            lifetime.StopApplication();
            return;
        }
        log.Warn("second signal received; exiting at once", ("signal", context.Signal.ToString()));
        Environment.Exit(SecondSignalExitCode);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
    }
}
