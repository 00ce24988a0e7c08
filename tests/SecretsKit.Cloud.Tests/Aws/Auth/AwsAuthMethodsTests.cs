using SecretsKit.Cloud.Tests.Aws;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Aws;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Tests.Providers;
using SecretsKit.Cloud.Vault.Auth;

namespace SecretsKit.Cloud.Tests.Aws.Auth;

/// <summary>The aws provider's credential forms are a table: its auth fields, its "needs …" error and each form's file come from it.</summary>
public sealed class AwsAuthMethodsTests
{
    private static ProviderSpec Spec(JsonObject auth) =>
        new("store-a", new JsonObject { ["region"] = "eu-west-1", ["auth"] = auth }, NoStoreCredentials.Instance, new ProviderContext())
        {
            MayUseAgentServiceAccount = false,
        };

    [Fact]
    public void The_aws_providers_auth_fields_are_the_union_of_the_methods_fields()
    {
        var authFields = new AwsProvider().Fields.Where(f => f == "auth" || f.StartsWith("auth.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["auth", .. AwsAuthMethods.All.SelectMany(m => m.Fields).Select(f => "auth." + f)], authFields);
        Assert.Equal(authFields.Count, authFields.Distinct(StringComparer.Ordinal).Count());
        foreach (var method in AwsAuthMethods.All) Assert.Contains("auth." + method.Path, authFields);
    }

    [Fact]
    public async Task An_aws_secret_store_naming_no_method_is_told_every_method_of_the_table()
    {
        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new AwsProvider().CreateAsync(Spec(new JsonObject()), CancellationToken.None));

        Assert.Equal(AwsAuthMethods.MissingAuth("store-a"), error.Message);
        foreach (var method in AwsAuthMethods.All) Assert.Contains(method.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("only a ClusterSecretStore may use the agent's own AWS identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_forms_the_generators_error_names_are_every_path_of_the_table_in_its_order()
    {
        var forms = StoreAwsCredentials.AuthForms;

        Assert.Equal("secretRef or jwt.serviceAccountRef", forms);
        var at = AwsAuthMethods.All.Select(m => forms.IndexOf(m.Path, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, at);
        Assert.Equal(at.Order(), at);
        Assert.Contains($"needs {forms} in a SecretStore", AwsAuthMethods.MissingAuth("store-a"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aws_auth_block_naming_two_methods_is_built_by_the_first_row_of_the_table()
    {
        var auth = new JsonObject
        {
            ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws", ["key"] = "id" } },
            ["jwt"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } },
        };

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => new AwsProvider().CreateAsync(Spec(auth), CancellationToken.None));

        // the secret reference was read (and refused by credentials that have none): the jwt row was never asked
        Assert.StartsWith($"auth.{AwsAuthMethods.All[0].Path}.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsAuthMethods.All[1].Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vaults_iam_login_takes_every_aws_form_from_the_table()
    {
        var iam = VaultIamStoreAuth.Spec.Fields;

        Assert.Equal(AwsAuthMethods.All.SelectMany(m => m.Fields), iam.Where(f => AwsAuthMethods.All.Any(m => f.Split('.')[0] == m.Path.Split('.')[0])));
    }

    [Fact]
    public void Each_aws_methods_field_paths_are_spelled_only_in_its_own_file()
    {
        var methods = AwsAuthMethods.All.Select(m => (AuthFieldHomes.FileOf(m), m.Fields)).ToList();

        Assert.Empty(AuthFieldHomes.Problems(AuthFieldHomes.VendorFiles("Aws"), methods));
    }
}
