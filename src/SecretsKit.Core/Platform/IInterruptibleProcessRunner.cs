namespace SecretsKit.Core.Platform;

/// <summary>
/// The children of a run that a signal may interrupt (the release pipeline's helm calls and hooks): after the first
/// ending signal no new process starts, <see cref="Interrupted"/> is cancelled and the running ones get the signal.
/// The CLI implements it over the process's signals; the release runner (Deploy) only uses it.
/// </summary>
public interface IInterruptibleProcessRunner : IProcessRunner, IDisposable
{
    /// <summary>Cancelled by the first signal.</summary>
    CancellationToken Interrupted { get; }

    /// <summary>The exit code after the signal (128 + its number), or null when none came.</summary>
    int? ExitCode { get; }

    /// <summary>Waits until no child of the run is running (none outlives the run).</summary>
    Task DrainAsync();
}
