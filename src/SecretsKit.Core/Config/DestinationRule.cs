namespace SecretsKit.Core.Config;

/// <summary>One entry of <c>destination_rules</c> (used by <c>publish</c>), kept as data.</summary>
public sealed record DestinationRule(
    int Index,
    string? PathRegex,
    string? S3Bucket,
    string? S3Prefix,
    string? GcsBucket,
    string? GcsPrefix,
    string? VaultPath,
    string? VaultAddress,
    string? VaultKvMountName,
    int? VaultKvVersion,
    CreationRule? RecreationRule,
    bool OmitExtensions);
