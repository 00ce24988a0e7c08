using SecretsKit.Cloud.Tests.Azure;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Tests.Providers;

namespace SecretsKit.Cloud.Tests.Azure.Auth;

/// <summary>The azurekv <c>authType</c>s are a table of one file per method: its fields, its values, its errors and each method's file come from it.</summary>
public sealed class AzureAuthMethodsTests
{
    private static ProviderSpec Spec(JsonObject section) =>
        new("store-a", section, NoStoreCredentials.Instance, new ProviderContext()) { MayUseAgentServiceAccount = false };

    [Fact]
    public void The_azurekv_providers_auth_fields_are_the_union_of_the_methods_fields()
    {
        var union = AzureAuthMethods.All.SelectMany(m => m.Fields).ToHashSet(StringComparer.Ordinal);
        var own = new[] { "vaultUrl", "authType", "environmentType" };

        Assert.Equal(union.Concat(own).Order(StringComparer.Ordinal), new AzureKeyVaultProvider().Fields.Order(StringComparer.Ordinal));
        Assert.Equal(union.Count + own.Length, new AzureKeyVaultProvider().Fields.Count);
    }

    [Fact]
    public async Task An_azurekv_store_naming_an_auth_type_outside_the_table_is_told_every_method()
    {
        var section = new JsonObject { ["vaultUrl"] = "https://v.vault.azure.net/", ["authType"] = "Certificate" };

        Assert.Equal("authType", new AzureKeyVaultProvider().UnsupportedValue(section));
        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new AzureKeyVaultProvider().CreateAsync(Spec(section), CancellationToken.None));

        Assert.Equal(AzureAuthMethods.UnknownAuthType("store-a", "Certificate"), error.Message);
        foreach (var method in AzureAuthMethods.All)
        {
            Assert.Contains(method.AuthType, error.Message, StringComparison.Ordinal);
            Assert.Null(new AzureKeyVaultProvider().UnsupportedValue(new JsonObject { ["authType"] = method.AuthType }));
        }
    }

    [Fact]
    public async Task An_azurekv_store_naming_no_auth_type_uses_the_first_row_of_the_table()
    {
        var section = new JsonObject { ["vaultUrl"] = "https://v.vault.azure.net/" };

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new AzureKeyVaultProvider().CreateAsync(Spec(section), CancellationToken.None));

        Assert.Null(new AzureKeyVaultProvider().UnsupportedValue(section));
        Assert.Contains($"authType {AzureAuthMethods.All[0].AuthType} needs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_azurekv_methods_fields_are_spelled_only_in_the_files_of_the_methods_that_list_them()
    {
        var methods = AzureAuthMethods.All.Select(m => (AuthFieldHomes.FileOf(m), m.Fields)).ToList();

        Assert.Empty(AuthFieldHomes.Problems(AuthFieldHomes.VendorFiles("Azure"), methods));
    }
}
