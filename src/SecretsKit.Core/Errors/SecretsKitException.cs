namespace SecretsKit.Core.Errors;

/// <summary>
/// Base of every error a user can act on. Carries the sops-compatible exit code, a message that names the
/// file, key path and what was tried, and an optional hint. Messages never contain secret values.
/// </summary>
public class SecretsKitException : Exception
{
    public SecretsKitException(int exitCode, string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    public int ExitCode { get; }

    public string? Hint { get; }
}
