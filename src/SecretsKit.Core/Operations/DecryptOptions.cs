namespace SecretsKit.Core.Operations;

/// <summary>How to decrypt: skip the MAC check (<c>--ignore-mac</c>) and the key-type order.</summary>
public sealed record DecryptOptions(bool IgnoreMac = false, DecryptionOrder? Order = null)
{
    public static DecryptOptions Default { get; } = new();
}
