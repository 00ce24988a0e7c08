namespace SecretsKit.Core.Errors;

/// <summary>The MAC is missing, cannot be decrypted or does not match the values (exit 51).</summary>
public sealed class MacMismatchException(string message, string? hint = null)
    : SecretsKitException(ExitCodes.MacMismatch, message, hint);
