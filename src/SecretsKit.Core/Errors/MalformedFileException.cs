namespace SecretsKit.Core.Errors;

/// <summary>Input that cannot be parsed (truncated YAML, bad ENC[…] string, invalid metadata).</summary>
public sealed class MalformedFileException(int exitCode, string message, string? hint = null, Exception? inner = null)
    : SecretsKitException(exitCode, message, hint, inner);
