namespace SecretsKit.Agent.Reconcile.Sops;

/// <summary>A verified, namespace-checked decryption: the Secret data it yields. Never log an instance's values.</summary>
internal sealed record SopsDecryptResult(IReadOnlyDictionary<string, byte[]> Data)
{
    public override string ToString() => $"SopsDecryptResult(keys [{string.Join(", ", Data.Keys.Order(StringComparer.Ordinal))}])";
}
