namespace SecretsKit.Core.Keys;

/// <summary>
/// The key kinds a sops 3.13 file or <c>.sops.yaml</c> can name. Core reads and writes all of them (metadata, rules,
/// <c>key_groups</c>) whether or not a key source for the kind is registered, as sops keeps keys it cannot use; each
/// <see cref="IKeySource"/> points at its kind here. A kind sops adds later is one more entry in <see cref="All"/>.
/// </summary>
public static class KeyKinds
{
    public static KeyKind Age { get; } = new()
    {
        MetadataKey = "age", FlagStem = "age", ShortFlag = "-a", RecipientsVariable = "SOPS_AGE_RECIPIENTS",
        RuleKey = "age", GroupKey = "age", LogField = "recipient", RuleRank = 0, MetadataRank = 6, FlagRank = 6, WrittenWhenEmptyInGroups = true,
        KeyService = new(6, [(1, "recipient")]),
    };

    public static KeyKind Pgp { get; } = new()
    {
        MetadataKey = "pgp", FlagStem = "pgp", ShortFlag = "-p", RecipientsVariable = "SOPS_PGP_FP",
        RuleKey = "pgp", GroupKey = "pgp", LogField = "fp", RuleRank = 1, MetadataRank = 5, FlagRank = 4,
        KeyService = new(2, [(1, "fp")]),
        Identity = (text, _) => (text ?? "").Replace(" ", "", StringComparison.Ordinal),
    };

    public static KeyKind Kms { get; } = new()
    {
        MetadataKey = "kms", RemoteService = true, FlagStem = "kms", ShortFlag = "-k", RecipientsVariable = "SOPS_KMS_ARN",
        RuleKey = "kms", GroupKey = "kms", LogField = "arn", RuleRank = 2, MetadataRank = 0, FlagRank = 0,
        GroupFields = [new("arn", Required: true), new("role"), new("aws_profile")], GroupContext = true,
        RuleOption = "aws_profile", RuleTextFields = KmsStringFields,
        KeyService = new(1, [(1, "arn"), (2, "role"), (4, "aws_profile")], ContextField: 3),
        Identity = (_, fields) => Field(fields, "arn"),
    };

    public static KeyKind GcpKms { get; } = new()
    {
        MetadataKey = "gcp_kms", RemoteService = true, FlagStem = "gcp-kms", RecipientsVariable = "SOPS_GCP_KMS_IDS",
        RuleKey = "gcp_kms", GroupKey = "gcp_kms", LogField = "resource_id", RuleRank = 3, MetadataRank = 1, FlagRank = 1,
        KeyService = new(3, [(1, "resource_id")]),
        GroupFields = [new("resource_id", Required: true)],
        Identity = (text, fields) => fields is null ? text ?? "" : Field(fields, "resource_id"),
    };

    public static KeyKind Hckms { get; } = new()
    {
        MetadataKey = "hckms", RemoteService = true, FlagStem = "hckms", RecipientsVariable = "SOPS_HUAWEICLOUD_KMS_IDS",
        RuleKey = "hckms", GroupKey = "hckms", LogField = "key_id", LogLabel = "keyID", RuleRank = 4, MetadataRank = 2, FlagRank = 2,
        KeyService = new(7, [(1, "key_id")]),
        GroupFields = [new("key_id", Required: true)],
        Identity = (text, fields) => fields is null ? text ?? "" : Field(fields, "key_id"),
    };

    public static KeyKind AzureKeyVault { get; } = new()
    {
        MetadataKey = "azure_kv", RemoteService = true, FlagStem = "azure-kv", RecipientsVariable = "SOPS_AZURE_KEYVAULT_URLS",
        RuleKey = "azure_keyvault", GroupKey = "azure_keyvault", RuleRank = 5, MetadataRank = 3, FlagRank = 3,
        KeyService = new(4, [(1, "vault_url"), (2, "name"), (3, "version")]),
        GroupFields = [new("vaultUrl", Required: true), new("version"), new("key", Required: true, Trim: false, Hint: "(the key name)")],
        Identity = (text, fields) => fields is null
            ? text ?? ""
            : $"{Field(fields, "vaultUrl")}/keys/{Field(fields, "key")}/{Field(fields, "version")}",
    };

    public static KeyKind HcVault { get; } = new()
    {
        MetadataKey = "hc_vault", RemoteService = true, FlagStem = "hc-vault-transit", RecipientsVariable = "SOPS_VAULT_URIS",
        RuleKey = "hc_vault_transit_uri", GroupKey = "hc_vault", LogField = "vault_address", RuleRank = 6, MetadataRank = 4, FlagRank = 5,
        KeyService = new(5, [(1, "vault_address"), (2, "engine_path"), (3, "key_name")]),
        WrittenWhenEmptyInGroups = true,
    };

    public static IReadOnlyList<KeyKind> All { get; } = [Age, Pgp, Kms, GcpKms, Hckms, AzureKeyVault, HcVault];

    /// <summary>In sops's order for creation rules and <c>key_groups</c> entries.</summary>
    public static IReadOnlyList<KeyKind> InRuleOrder { get; } = Sorted((a, b) => a.RuleRank.CompareTo(b.RuleRank));

    /// <summary>In sops's order for reading a group from the metadata lists.</summary>
    public static IReadOnlyList<KeyKind> InMetadataOrder { get; } = Sorted((a, b) => a.MetadataRank.CompareTo(b.MetadataRank));

    /// <summary>The kind whose <c>key_groups</c> key is <paramref name="groupKey"/>, or null.</summary>
    public static KeyKind? ByGroupKey(string groupKey) => All.FirstOrDefault(k => k.GroupKey == groupKey);

    // Array.Sort over a reference type runs the framework's shared, precompiled code (no JIT on a cold start, unlike OrderBy with an int key).
    private static KeyKind[] Sorted(Comparison<KeyKind> order)
    {
        var kinds = All.ToArray();
        Array.Sort(kinds, order);
        return kinds;
    }

    private static string Field(IReadOnlyDictionary<string, string>? fields, string name) =>
        fields is not null && fields.TryGetValue(name, out var v) ? v : "";

    /// <summary>A rule-level kms string <c>arn[+roleArn]</c> as fields, with the rule's <c>aws_profile</c>.</summary>
    private static Dictionary<string, string> KmsStringFields(string text, string? awsProfile)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        // sops splits at "+arn:aws:iam::"; "+arn:" also covers the other AWS partitions (aws-us-gov, aws-cn).
        var plus = compact.IndexOf("+arn:", StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["arn"] = plus > 0 ? compact[..plus] : compact,
        };
        if (plus > 0) fields["role"] = compact[(plus + 1)..];
        if (!string.IsNullOrEmpty(awsProfile)) fields["aws_profile"] = awsProfile;
        return fields;
    }
}
