using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Tests.Azure;

/// <summary>
/// An <c>AZURE_AUTHORITY_HOST</c> that is not an https URL fails the key in one clear line that names the variable,
/// not the SDK's <c>ArgumentException: Authority host must be …</c>, and no request is sent.
/// </summary>
public sealed class AzureAuthorityHostTests : AzureVaultFixture
{
    [Theory]
    [InlineData("http://127.0.0.1:9")]
    [InlineData("not a url")]
    [InlineData("https://user:pw@login.example/")]
    public async Task A_non_https_authority_host_is_one_line_naming_the_variable(string authority)
    {
        Vault.CreateRsaKey("k");
        Vault.AddClient("c", "client-secret-value");
        var env = new Dictionary<string, string>
        {
            ["AZURE_TENANT_ID"] = Vault.TenantId,
            ["AZURE_CLIENT_ID"] = "c",
            ["AZURE_CLIENT_SECRET"] = "client-secret-value",
            ["AZURE_AUTHORITY_HOST"] = authority,
        };
        var source = new AzureKeyVaultKeySource(TestContexts.With(env), TestContexts.FastRetries(Handler));
        var entry = new MasterKeyEntry(KeyKinds.AzureKeyVault.MetadataKey, new Dictionary<string, string>
        {
            ["vault_url"] = Vault.VaultUrl, ["name"] = "k", ["version"] = "0123abcd", ["enc"] = "FAKEFAKE",
        });

        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.Contains("AZURE_AUTHORITY_HOST must be an https:// URL", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Reason);
        Assert.Equal(0, Vault.CountCalls("token"));
    }
}
