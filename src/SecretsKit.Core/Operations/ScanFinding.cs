namespace SecretsKit.Core.Operations;

/// <summary>
/// One file <see cref="PlaintextScanner"/> found: wholly plaintext (<see cref="KeyPath"/> null), with one plaintext
/// value, a decrypted copy, or holding a credential (<see cref="RuleId"/>: a private key or another credential shape).
/// </summary>
public sealed record ScanFinding(string Path, string? KeyPath, string? Detail = null)
{
    /// <summary>True when the file has no sops metadata at all (plaintext), as opposed to a plaintext value or unreadable metadata.</summary>
    public bool Wholly { get; init; }

    /// <summary>True for a private key found in the file (<see cref="PrivateKeyFinder"/>); <see cref="Detail"/> says which kind and where.</summary>
    public bool PrivateKey { get; init; }

    /// <summary>
    /// The rule that found it: a credential's (<c>private-key</c>, <c>github-pat</c>, <c>kubernetes-secret-yaml</c>, …) or
    /// the scan's own (<c>decrypted-copies</c>, <c>scan-budget</c>, <c>merge-conflict</c>, <c>flux-decryption</c>), or null.
    /// </summary>
    public string? RuleId { get; init; }

    /// <summary>The 1-based line of a credential, or null.</summary>
    public int? Line { get; init; }

    /// <summary>The report line; it names the file and key path, never the value.</summary>
    public string Describe() => PrivateKey || RuleId is not null ? $"{Path}: {Detail}" : KeyPath is not null
        ? $"{Path}: key path {KeyPath} is not encrypted"
        : Detail is null ? $"{Path}: not encrypted" : $"{Path}: not encrypted ({Detail})";
}
