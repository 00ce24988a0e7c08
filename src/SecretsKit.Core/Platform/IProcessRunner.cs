namespace SecretsKit.Core.Platform;

/// <summary>Launches child processes (gpg, key commands, editors); injected so tests control it.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}

/// <summary>What to run. <see cref="Environment"/> null inherits the current environment; otherwise it is the whole environment.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    byte[]? StandardInput = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? WorkingDirectory = null);

/// <summary>A finished child process: exit code, raw stdout, stderr text.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError);
