using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Tests;

public sealed class CloudKeySourcesTests
{
    [Theory]
    [InlineData("kms", "kms", "SOPS_KMS_ARN", "kms", "kms")]
    [InlineData("gcp_kms", "gcp-kms", "SOPS_GCP_KMS_IDS", "gcp_kms", "gcp_kms")]
    [InlineData("azure_kv", "azure-kv", "SOPS_AZURE_KEYVAULT_URLS", "azure_keyvault", "azure_keyvault")]
    [InlineData("hckms", "hckms", "SOPS_HUAWEICLOUD_KMS_IDS", "hckms", "hckms")]
    public void Register_adds_each_source_with_sops_spellings(string type, string cli, string env, string rule, string group)
    {
        var registry = CloudKeySources.Register(new KeySourceRegistry(), TestContexts.With(new Dictionary<string, string>()));

        var source = registry.Get(type);

        Assert.Equal((type, cli, env, rule, group),
            (source.KeyType, source.CliName, source.RecipientsEnvironmentVariable!, source.ConfigRuleKey, source.ConfigGroupKey));
    }

    [Fact]
    public void Register_reads_no_credentials_or_network_up_front()
    {
        // An empty environment must be enough to register and parse keys; credentials are only needed on use.
        var registry = CloudKeySources.Register(new KeySourceRegistry(), TestContexts.With(new Dictionary<string, string>()));

        Assert.Equal("arn:aws:kms:eu-west-1:111122223333:alias/sops",
            registry.Get("kms").Parse("arn:aws:kms:eu-west-1:111122223333:alias/sops", KeyParseOptions.None).Identifier);
        Assert.Equal("projects/p/locations/global/keyRings/r/cryptoKeys/k",
            registry.Get("gcp_kms").Parse("projects/p/locations/global/keyRings/r/cryptoKeys/k", KeyParseOptions.None).Identifier);
        Assert.Equal("https://v.vault.azure.net/keys/k/1",
            registry.Get("azure_kv").Parse("https://v.vault.azure.net/keys/k/1", KeyParseOptions.None).Identifier);
    }
}
