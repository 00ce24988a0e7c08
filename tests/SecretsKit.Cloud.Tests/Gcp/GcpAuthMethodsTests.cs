using System.Text.Json.Nodes;
using SecretsKit.Cloud.Gcp;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Tests.Providers;
using SecretsKit.Cloud.Vault.Auth;

namespace SecretsKit.Cloud.Tests.Gcp;

/// <summary>The gcpsm auth forms are a table of one file per form: its auth fields, its order and each form's file come from it.</summary>
public sealed class GcpAuthMethodsTests
{
    [Fact]
    public void The_gcpsm_providers_auth_fields_are_the_union_of_the_methods_fields()
    {
        var authFields = new GcpSecretManagerProvider().Fields.Where(f => f == "auth" || f.StartsWith("auth.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["auth", .. GcpStoreAuth.All.SelectMany(m => m.Fields).Select(f => "auth." + f)], authFields);
        Assert.Equal(authFields.Count, authFields.Distinct(StringComparer.Ordinal).Count());
        foreach (var method in GcpStoreAuth.All) Assert.Contains("auth." + method.Path, authFields);
    }

    [Fact]
    public async Task A_gcpsm_auth_section_naming_two_methods_is_built_by_the_first_row_of_the_table()
    {
        var auth = new JsonObject
        {
            ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "gcp", ["key"] = "key.json" } },
            ["workloadIdentity"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } },
        };
        var spec = new ProviderSpec("store-a", new JsonObject { ["projectID"] = "p", ["auth"] = auth }, NoStoreCredentials.Instance, new ProviderContext());

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new GcpSecretManagerProvider().CreateAsync(spec, CancellationToken.None));

        Assert.StartsWith($"auth.{GcpStoreAuth.All[0].Path}:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GcpStoreAuth.All[1].Name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"gcp-key\"", false)]
    [InlineData("\"gcp-key\"", true)]
    [InlineData("[{\"secretRef\":{}}]", true)]
    [InlineData("42", true)]
    public async Task A_gcpsm_auth_that_is_not_an_object_is_a_configuration_error_naming_the_field(string auth, bool clusterStore)
    {
        var spec = new ProviderSpec("store-a", new JsonObject { ["projectID"] = "p", ["auth"] = JsonNode.Parse(auth) }, NoStoreCredentials.Instance, new ProviderContext())
        {
            MayUseAgentServiceAccount = clusterStore, // a ClusterSecretStore too: a malformed auth never falls back to the agent's identity
        };

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new GcpSecretManagerProvider().CreateAsync(spec, CancellationToken.None));

        Assert.Equal(GcpStoreAuth.NotAnObject("store-a"), error.Message);
        Assert.StartsWith("store store-a: auth must be an object naming ", error.Message, StringComparison.Ordinal);
        foreach (var method in GcpStoreAuth.All) Assert.Contains(method.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vaults_gcp_login_takes_the_key_and_workload_identity_forms_from_the_table()
    {
        var gcp = VaultGcpStoreAuth.Spec.Fields;

        Assert.Subset(gcp.ToHashSet(StringComparer.Ordinal), GcpKeyAuth.Spec.Fields.Concat(GcpWorkloadIdentityAuth.Spec.Fields).ToHashSet(StringComparer.Ordinal));
        Assert.DoesNotContain(gcp, f => f.StartsWith(GcpFederationAuth.Spec.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_gcpsm_methods_field_paths_are_spelled_only_in_its_own_file()
    {
        var methods = GcpStoreAuth.All.Select(m => (AuthFieldHomes.FileOf(m), m.Fields)).ToList();

        Assert.Empty(AuthFieldHomes.Problems(AuthFieldHomes.VendorFiles("Gcp"), methods));
    }
}
