using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Tests.Keys;

/// <summary>The kind catalogue spells and orders every sops 3.13 key kind as sops does (research: sops-spec.md §5, §8, §9).</summary>
public sealed class KeyKindsTests
{
    [Fact]
    public void Rule_and_key_groups_order_is_age_pgp_kms_gcp_hckms_azure_vault()
    {
        Assert.Equal(["age", "pgp", "kms", "gcp_kms", "hckms", "azure_keyvault", "hc_vault"], KeyKinds.InRuleOrder.Select(k => k.GroupKey));
    }

    [Fact]
    public void Metadata_group_order_is_kms_gcp_hckms_azure_vault_pgp_age()
    {
        Assert.Equal(["kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age"], KeyKinds.InMetadataOrder.Select(k => k.MetadataKey));
    }

    [Fact]
    public void Command_line_group_order_is_kms_gcp_hckms_azure_pgp_vault_age()
    {
        Assert.Equal(["kms", "gcp_kms", "hckms", "azure_kv", "pgp", "hc_vault", "age"],
            KeyKinds.All.OrderBy(k => k.FlagRank).Select(k => k.MetadataKey));
    }

    [Theory]
    [InlineData("age", "age", "-a", "SOPS_AGE_RECIPIENTS", "age")]
    [InlineData("pgp", "pgp", "-p", "SOPS_PGP_FP", "pgp")]
    [InlineData("kms", "kms", "-k", "SOPS_KMS_ARN", "kms")]
    [InlineData("gcp_kms", "gcp-kms", null, "SOPS_GCP_KMS_IDS", "gcp_kms")]
    [InlineData("hckms", "hckms", null, "SOPS_HUAWEICLOUD_KMS_IDS", "hckms")]
    [InlineData("azure_kv", "azure-kv", null, "SOPS_AZURE_KEYVAULT_URLS", "azure_keyvault")]
    [InlineData("hc_vault", "hc-vault-transit", null, "SOPS_VAULT_URIS", "hc_vault_transit_uri")]
    public void Each_kind_has_sops_flag_variable_and_rule_key(string metadataKey, string flag, string? shortFlag, string variable, string ruleKey)
    {
        var kind = Assert.Single(KeyKinds.All, k => k.MetadataKey == metadataKey);

        Assert.Equal((flag, shortFlag, variable, ruleKey), (kind.FlagStem, kind.ShortFlag, kind.RecipientsVariable, kind.RuleKey));
    }

    [Fact]
    public void Only_age_and_hc_vault_are_written_as_empty_lists_inside_key_groups()
    {
        Assert.Equal(["age", "hc_vault"], KeyKinds.All.Where(k => k.WrittenWhenEmptyInGroups).Select(k => k.MetadataKey));
    }
}
