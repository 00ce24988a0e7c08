namespace SecretsKit.Core.Operations;

/// <summary>One file <see cref="PlaintextScanner"/> found: wholly plaintext (<see cref="KeyPath"/> null) or with one plaintext value.</summary>
public sealed record ScanFinding(string Path, string? KeyPath, string? Detail = null)
{
    /// <summary>True when the file has no sops metadata at all (plaintext), as opposed to a plaintext value or unreadable metadata.</summary>
    public bool Wholly { get; init; }

    /// <summary>True for a private key found in the file (<see cref="PrivateKeyFinder"/>); <see cref="Detail"/> says which kind and where.</summary>
    public bool PrivateKey { get; init; }

    /// <summary>True for an encrypted manifest Flux's kustomize-controller would not decrypt as a Secret (<see cref="FluxDecryption"/>).</summary>
    public bool Flux { get; init; }

    /// <summary>The report line; it names the file and key path, never the value.</summary>
    public string Describe() => PrivateKey || Flux ? $"{Path}: {Detail}" : KeyPath is not null
        ? $"{Path}: key path {KeyPath} is not encrypted"
        : Detail is null ? $"{Path}: not encrypted" : $"{Path}: not encrypted ({Detail})";
}
