using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Patterns;

/// <summary>
/// A regular expression someone else wrote was refused (<see cref="ForeignRegex"/>): it does not compile as Go's
/// <c>regexp</c> compiles it, is over the length budget, or took too long to match. The message says which, in words;
/// exit code 1, as sops exits on a bad <c>.sops.yaml</c> pattern.
/// </summary>
public sealed class InvalidPatternException(string message, string? hint = null) : SecretsKitException(ExitCodes.Generic, message, hint);
