using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Config;

/// <summary>
/// One key named by <c>.sops.yaml</c>, as data. <see cref="ConfigGroupKey"/> is the <c>key_groups</c> name
/// (<see cref="KeyKind.GroupKey"/>). When <see cref="Fields"/> is set the key is structured (kms, gcp_kms,
/// azure_keyvault, hckms objects, and rule-level kms strings split into <c>arn</c>/<c>role</c>/<c>aws_profile</c>):
/// build it with <c>IKeySource.FromConfigObject(Fields, Context)</c>. Otherwise build it with
/// <c>IKeySource.Parse(Text, …)</c>. <see cref="Text"/> is also kept for rule-level kms strings (the original <c>arn+role</c>).
/// </summary>
public sealed record KeySpec(
    string ConfigGroupKey,
    string? Text,
    IReadOnlyDictionary<string, string>? Fields = null,
    IReadOnlyDictionary<string, string>? Context = null)
{
    /// <summary>True when the key should be built from <see cref="Fields"/> rather than <see cref="Text"/>.</summary>
    public bool IsStructured => Fields is not null;

    /// <summary>
    /// How sops names the key (its <c>ToString()</c>), used to de-duplicate within a group: the recipient,
    /// fingerprint (spaces removed), ARN, resource id, <c>vaultUrl/keys/name/version</c>, key id or URI.
    /// </summary>
    public string Identity => KeyKinds.ByGroupKey(ConfigGroupKey) is { } kind ? kind.Identity(Text, Fields) : Text ?? "";

    /// <summary>A field of a structured key, or empty.</summary>
    public string Field(string name) => Fields is not null && Fields.TryGetValue(name, out var v) ? v : "";

    public override string ToString() => $"{ConfigGroupKey} {Identity}";
}
