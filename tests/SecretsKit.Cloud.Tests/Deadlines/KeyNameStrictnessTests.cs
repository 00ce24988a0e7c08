using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Tests.Deadlines;

/// <summary>
/// A key named on the command line or in <c>.sops.yaml</c> is checked as strictly as the same key in a file's stanza:
/// an Azure Key Vault URL with user info or a query, a KMS ARN whose region is no region name.
/// </summary>
public sealed class KeyNameStrictnessTests
{
    private static readonly KeySourceRegistry Registry = CloudKeySources.Register(new KeySourceRegistry(), TestContexts.With(new Dictionary<string, string>()));

    [Theory]
    [InlineData("https://user:pw@v.vault.azure.net/keys/k")]
    [InlineData("https://v.vault.azure.net/keys/k?x=y")]
    [InlineData("https://v.vault.azure.net/keys/k/1?x=y")]
    [InlineData("https://v.vault.azure.net/keys/k#f")]
    public void An_azure_kv_url_from_a_flag_with_user_info_or_a_query_is_refused_as_in_a_file(string url)
    {
        var error = Assert.Throws<SecretsKitException>(() => Registry.Get("azure_kv").Parse(url, KeyParseOptions.None));

        Assert.Contains("is refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_azure_keyvault_entry_of_sops_yaml_with_user_info_is_refused()
    {
        var fields = new Dictionary<string, string> { ["vaultUrl"] = "https://user:pw@v.vault.azure.net", ["key"] = "k" };

        Assert.Throws<SecretsKitException>(() => Registry.Get("azure_kv").FromConfigObject(fields, null));
    }

    [Theory]
    [InlineData("arn:aws:kms:bad_region:111122223333:key/k")]
    [InlineData("arn:aws:kms:eu-west-1:x:111122223333:key/k")]
    [InlineData("arn:aws:kms:eu west 1.evil.com/:111122223333:key/k")]
    public void A_kms_arn_whose_region_is_no_region_name_is_one_clear_line(string arn)
    {
        var error = Assert.Throws<SecretsKitException>(() => Registry.Get("kms").Parse(arn, KeyParseOptions.None));

        Assert.Contains("is not a region name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
