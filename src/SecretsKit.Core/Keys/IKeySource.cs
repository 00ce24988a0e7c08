namespace SecretsKit.Core.Keys;

/// <summary>
/// One kind of master key (age, PGP, AWS KMS, …): its spelling (<see cref="Kind"/>: command line, environment,
/// <c>.sops.yaml</c>, metadata) and how its keys are built from those strings or from a metadata entry.
/// Registered once in <see cref="KeySourceRegistry"/>; nothing else switches over key types.
/// </summary>
public interface IKeySource
{
    /// <summary>Everything about how this kind is spelled and ordered; see <see cref="KeyKinds"/>.</summary>
    KeyKind Kind { get; }

    /// <summary>Metadata list name (<c>age</c>, <c>pgp</c>, <c>kms</c>, <c>gcp_kms</c>, <c>azure_kv</c>, <c>hc_vault</c>, <c>hckms</c>).</summary>
    string KeyType => Kind.MetadataKey;

    /// <summary>CLI flag stem: <c>age</c> for <c>--age</c>/<c>--add-age</c>/<c>--rm-age</c>; <c>gcp-kms</c>, <c>azure-kv</c>, <c>hc-vault-transit</c>, …</summary>
    string CliName => Kind.FlagStem;

    /// <summary>Environment variable holding comma-separated keys for encryption (<c>SOPS_AGE_RECIPIENTS</c>, <c>SOPS_KMS_ARN</c>, …).</summary>
    string? RecipientsEnvironmentVariable => Kind.RecipientsVariable;

    /// <summary>Key of the single-group list in a creation rule (<c>age</c>, <c>kms</c>, <c>azure_keyvault</c>, <c>hc_vault_transit_uri</c>, …).</summary>
    string ConfigRuleKey => Kind.RuleKey;

    /// <summary>Key inside a <c>key_groups</c> entry (<c>age</c>, <c>kms</c>, <c>azure_keyvault</c>, <c>hc_vault</c>, …).</summary>
    string ConfigGroupKey => Kind.GroupKey;

    /// <summary>Parses one key from its string form (recipient, fingerprint, ARN[+role], URL).</summary>
    IMasterKey Parse(string text, KeyParseOptions options);

    /// <summary>Builds a key from a structured <c>key_groups</c> object (KMS: arn/role/context/aws_profile; Azure: vaultUrl/key/version; GCP: resource_id).</summary>
    IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context);

    /// <summary>Rebuilds the key that wrote <paramref name="entry"/> (to unwrap it, or to rewrap for updatekeys).</summary>
    IMasterKey FromEntry(MasterKeyEntry entry);
}
