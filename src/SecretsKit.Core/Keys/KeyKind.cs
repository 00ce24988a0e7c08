namespace SecretsKit.Core.Keys;

/// <summary>
/// Everything about how one kind of master key is spelled, as sops spells it: its metadata list, its <c>.sops.yaml</c>
/// creation-rule key and <c>key_groups</c> entry, its command-line flag stem and <c>SOPS_*</c> variable, and where sops
/// puts it when it builds a group from each of those places. The parsers, the metadata reader/writer and the CLI loop
/// over these; nothing else names a key kind.
/// </summary>
public sealed record KeyKind
{
    /// <summary>
    /// True for a key held by a network service (KMS, Key Vault, Vault transit): each attempt with it has a deadline
    /// (<see cref="Operations.KeyDeadlines"/>). Local keys (age, PGP) may wait for a passphrase or a touch, and have none.
    /// </summary>
    public bool RemoteService { get; init; }

    /// <summary>Metadata list name in the <c>sops:</c> block (<c>age</c>, <c>kms</c>, <c>azure_kv</c>, …).</summary>
    public required string MetadataKey { get; init; }

    /// <summary>CLI flag stem: <c>--X</c>, <c>--add-X</c>, <c>--rm-X</c> (<c>age</c>, <c>gcp-kms</c>, <c>hc-vault-transit</c>, …).</summary>
    public required string FlagStem { get; init; }

    /// <summary>The one-letter alias of <c>--X</c> (<c>-a</c>, <c>-p</c>, <c>-k</c>), if sops has one.</summary>
    public string? ShortFlag { get; init; }

    /// <summary>Environment variable with comma-separated keys used when <c>--X</c> is not given (<c>SOPS_AGE_RECIPIENTS</c>, …).</summary>
    public string? RecipientsVariable { get; init; }

    /// <summary>Key of the list of key strings in a creation rule (<c>age</c>, <c>azure_keyvault</c>, <c>hc_vault_transit_uri</c>, …).</summary>
    public required string RuleKey { get; init; }

    /// <summary>Key inside a <c>key_groups</c> entry (<c>age</c>, <c>azure_keyvault</c>, <c>hc_vault</c>, …); also names parsed key specs.</summary>
    public required string GroupKey { get; init; }

    /// <summary>The fields of a structured <c>key_groups</c> item; empty when the entry is a list of strings.</summary>
    public IReadOnlyList<KeyEntryField> GroupFields { get; init; } = [];

    /// <summary>True when a structured <c>key_groups</c> item may carry a <c>context</c> map (AWS KMS).</summary>
    public bool GroupContext { get; init; }

    /// <summary>
    /// Structured fields for a creation-rule key string, given the rule's <see cref="RuleOption"/> value (AWS KMS
    /// splits <c>arn+role</c> and adds <c>aws_profile</c>); null when rule strings stay plain text.
    /// </summary>
    public Func<string, string?, IReadOnlyDictionary<string, string>>? RuleTextFields { get; init; }

    /// <summary>A rule-level scalar that applies to every key of this kind in the rule (<c>aws_profile</c>).</summary>
    public string? RuleOption { get; init; }

    /// <summary>How sops names a configured key (its <c>ToString()</c>) to de-duplicate a group: from the text and/or fields.</summary>
    public Func<string?, IReadOnlyDictionary<string, string>?, string> Identity { get; init; } = (text, _) => text ?? "";

    /// <summary>Position when sops builds a group from a creation rule or a <c>key_groups</c> entry.</summary>
    public required int RuleRank { get; init; }

    /// <summary>Position when sops reads a group from the metadata lists.</summary>
    public required int MetadataRank { get; init; }

    /// <summary>Position when sops builds a group from command-line flags.</summary>
    public required int FlagRank { get; init; }

    /// <summary>The metadata field <c>--verbose</c> names an encrypting key by, and the label it is logged under (<c>label=value</c>).</summary>
    public string? LogField { get; init; }

    /// <summary>The label of <see cref="LogField"/> in the <c>--verbose</c> line (sops's log field name); defaults to the field's name.</summary>
    public string? LogLabel { get; init; }

    /// <summary>True when sops writes an empty list (<c>[]</c>) for this kind inside each <c>key_groups</c> entry (no omitempty).</summary>
    public bool WrittenWhenEmptyInGroups { get; init; }

    /// <summary>How a key of this kind is sent to a sops key service (<c>keyservice.proto</c>), or null when it cannot be.</summary>
    public KeyServiceShape? KeyService { get; init; }
}
