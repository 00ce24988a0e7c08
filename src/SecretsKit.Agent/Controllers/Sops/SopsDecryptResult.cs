namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>A verified, namespace-checked decryption: the Secret data it yields. Never log an instance's values.</summary>
internal sealed record SopsDecryptResult(IReadOnlyDictionary<string, byte[]> Data)
{
    /// <summary>Why sops 3.13 would refuse the document that was read anyway (one line, no value), or null.</summary>
    public string? SopsRefusal { get; init; }

    public override string ToString() => $"SopsDecryptResult(keys [{string.Join(", ", Data.Keys.Order(StringComparer.Ordinal))}])";
}
