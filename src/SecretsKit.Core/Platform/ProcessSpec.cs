namespace SecretsKit.Core.Platform;

/// <summary>What to run. <see cref="Environment"/> null inherits the current environment; otherwise it is the whole environment.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    byte[]? StandardInput = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? WorkingDirectory = null);
