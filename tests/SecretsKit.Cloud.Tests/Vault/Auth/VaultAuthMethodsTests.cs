using SecretsKit.Cloud.Tests.Vault;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Gcp;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;

namespace SecretsKit.Cloud.Tests.Vault.Auth;

/// <summary>The auth-method tables: the providers' supported auth fields and their "needs …" errors come from them.</summary>
public sealed class VaultAuthMethodsTests
{
    private static ProviderSpec Spec(JsonObject section, bool cluster = false) =>
        new("store-a", section, NoStoreCredentials.Instance, new ProviderContext()) { MayUseAgentServiceAccount = cluster };

    [Fact]
    public void The_vault_providers_auth_fields_are_exactly_the_tables()
    {
        var authFields = new VaultProvider().Fields.Where(f => f == "auth" || f.StartsWith("auth.", StringComparison.Ordinal)).ToList();

        Assert.Equal(VaultAuthMethods.Fields, authFields);
        foreach (var method in VaultAuthMethods.All) Assert.Contains($"auth.{method.Key}", authFields);
        Assert.Contains("auth.jwt.kubernetesServiceAccountToken.audiences", authFields);
        Assert.Equal(authFields.Count, authFields.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_vault_store_naming_no_method_is_told_every_method_of_the_table()
    {
        var spec = Spec(new JsonObject { ["server"] = "https://vault.example:8200", ["auth"] = new JsonObject { ["nothing"] = new JsonObject() } });

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new VaultProvider().CreateAsync(spec, CancellationToken.None));

        Assert.Equal(VaultAuthMethods.MissingAuth("store-a"), error.Message);
        foreach (var method in VaultAuthMethods.All) Assert.Contains(method.Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gcpsm_providers_auth_fields_are_exactly_the_tables()
    {
        var authFields = new GcpSecretManagerProvider().Fields.Where(f => f == "auth" || f.StartsWith("auth.", StringComparison.Ordinal)).ToList();

        Assert.Equal(GcpStoreAuth.Fields, authFields);
        foreach (var method in GcpStoreAuth.All) Assert.Contains($"auth.{method.Name}", authFields);
    }

    [Fact]
    public async Task A_gcpsm_secret_store_naming_no_method_is_told_every_method_of_the_table()
    {
        var spec = Spec(new JsonObject { ["projectID"] = "p" });

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new GcpSecretManagerProvider().CreateAsync(spec, CancellationToken.None));

        Assert.Equal(GcpStoreAuth.MissingAuth("store-a"), error.Message);
        foreach (var method in GcpStoreAuth.All) Assert.Contains(method.Name, error.Message, StringComparison.Ordinal);
    }
}
