using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary>Everything that decides how a new file is encrypted: key groups, Shamir threshold, crypt rules, MAC mode.</summary>
public sealed record EncryptionSettings(
    IReadOnlyList<IReadOnlyList<IMasterKey>> KeyGroups,
    int ShamirThreshold = 0,
    CryptRules? Rules = null,
    bool MacOnlyEncrypted = false);
