namespace SecretsKit.Core.Platform;

/// <summary>Launches child processes (gpg, key commands, editors); injected so tests control it.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}
