using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Config;

/// <summary>
/// One entry of <c>creation_rules</c>. <see cref="KeyGroups"/> holds the <c>key_groups</c> when the rule has a
/// non-empty list of them, otherwise one group built from the single-group keys (possibly empty).
/// <see cref="CryptRules"/> is as written (not defaulted, not yet checked for conflicts).
/// </summary>
public sealed record CreationRule(
    int Index,
    string? PathRegex,
    IReadOnlyList<KeyGroupSpec> KeyGroups,
    bool UsesKeyGroups,
    int ShamirThreshold,
    CryptRules CryptRules,
    bool MacOnlyEncrypted,
    string? AwsProfile)
{
    /// <summary>Where the rule is in the file, for messages: <c>creation_rules[2]</c> (or <c>destination_rules[0].recreation_rule</c>).</summary>
    public string Location { get; init; } = $"creation_rules[{Index}]";

    /// <summary>
    /// <c>scan: {require_encrypted: true}</c> (a SecretsKit key sops ignores): <c>scan</c> reports every plaintext file
    /// this rule matches, not only those that look like secrets.
    /// </summary>
    public bool RequireEncrypted { get; init; }

    /// <summary>
    /// <c>scan: {flux: true}</c> (a SecretsKit key sops ignores): the rule's files are for Flux's kustomize-controller, and
    /// <c>scan</c> reports one it would not decrypt (<see cref="Operations.FluxDecryption"/>).
    /// </summary>
    public bool Flux { get; init; }

    /// <summary>
    /// <c>scan: {shared_recipients: [...]}</c> (a SecretsKit key sops ignores): recipients this rule may share with the rule of
    /// another environment (a break-glass key), spelled as the key is named (an age recipient, a PGP fingerprint, a KMS
    /// ARN, …). The recipient check (<c>SK-RECIPIENT-003</c>) does not report a recipient every rule listing it marks shared.
    /// </summary>
    public IReadOnlyList<string> SharedRecipients { get; init; } = [];

    /// <summary>True when at least one group names at least one key.</summary>
    public bool HasKeys => KeyGroups.Any(g => g.Keys.Count > 0);
}
