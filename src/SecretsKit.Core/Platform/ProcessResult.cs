namespace SecretsKit.Core.Platform;

/// <summary>A finished child process: exit code, raw stdout, stderr text.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError);
