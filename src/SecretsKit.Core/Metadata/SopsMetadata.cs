using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Metadata;

/// <summary>The parsed <c>sops</c> block of an encrypted file.</summary>
public sealed record SopsMetadata
{
    public required IReadOnlyList<IReadOnlyList<MasterKeyEntry>> KeyGroups { get; init; }

    /// <summary>0 when unset (one group, or the group count when several).</summary>
    public int ShamirThreshold { get; init; }

    /// <summary>The <c>lastmodified</c> string exactly as stored (it is the MAC's AAD).</summary>
    public required string LastModified { get; init; }

    /// <summary>The encrypted MAC (<c>ENC[…]</c>), or empty when the file has none.</summary>
    public string Mac { get; init; } = "";

    public CryptRules Rules { get; init; } = CryptRules.Default;

    public bool MacOnlyEncrypted { get; init; }

    public string Version { get; init; } = SopsVersion.Current;
}
