namespace SecretsKit.Testing.Common;

/// <summary>A process <see cref="ProcessRun"/> killed at its timeout, with what it had written until then.</summary>
public sealed class ProcessTimeoutException(string message, string stdout, string stderr) : TimeoutException(message)
{
    /// <summary>Standard output up to the kill.</summary>
    public string Stdout { get; } = stdout;

    /// <summary>Standard error up to the kill.</summary>
    public string Stderr { get; } = stderr;
}
