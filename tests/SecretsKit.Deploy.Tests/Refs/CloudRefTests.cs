using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;
using SecretsKit.Testing.Aws.Ssm;
using SecretsKit.Testing.Azure;

namespace SecretsKit.Deploy.Tests.Refs;

/// <summary><c>ref+awsssm://</c> and <c>ref+azurekeyvault://</c> against their wire fakes, clients built from the environment.</summary>
public sealed class CloudRefTests
{
    private static RefResolver Resolver(Dictionary<string, string> env, CloudKeyOptions? cloud = null) =>
        RefResolver.FromEnvironment(new KeySourceContext(new MapEnvironment(env, "/", "/"), SystemProcessRunner.Instance, TimeProvider.System),
            TestSops.Engine(), DecryptOptions.Default, cloud);

    [Fact]
    public async Task Awsssm_refs_read_secure_strings_decrypted_with_json_fields_typed_and_a_missing_parameter_names_the_ref()
    {
        await using var ssm = await FakeSsmServer.StartAsync("eu-central-1");
        ssm.ExpectCredentials("AKIDSSMREFTEST", "ssm/ref/secret");
        ssm.PutParameter("/prod/web/api-token", "ssm-token-4242", "SecureString");
        ssm.PutParameter("/prod/web/db", """{"user":"web","port":6432}""", "SecureString");
        var resolver = Resolver(new()
        {
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_ENDPOINT_URL_SSM"] = ssm.BaseAddress.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDSSMREFTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "ssm/ref/secret",
        });
        var output = await YamlRefRewriter.RewriteAsync(
            "a: ref+awsssm:///prod/web/api-token\nb: ref+awsssm://prod/web/db#/user\nc: ref+awsssm://prod/web/db#/port\n", resolver, CancellationToken.None);
        Assert.Equal("a: \"ssm-token-4242\"\nb: \"web\"\nc: 6432\n", output);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync("a: ref+awsssm://prod/web/none\n", resolver, CancellationToken.None));
        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Contains("ref+awsssm://prod/web/none", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ssm-token-4242", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azurekeyvault_refs_read_secrets_over_https_with_a_service_principal_and_a_missing_secret_names_the_ref()
    {
        await using var vault = await FakeAzureKeyVaultServer.StartAsync();
        vault.AddClient("ref-client", "ref-client-secret");
        vault.SetSecret("db-password", "akv-pw-8080");
        vault.SetSecret("db", """{"host":"db.internal","port":5432}""");
        using var handler = vault.CreateClientHandler();
        var resolver = Resolver(new()
        {
            ["AZURE_TENANT_ID"] = vault.TenantId,
            ["AZURE_CLIENT_ID"] = "ref-client",
            ["AZURE_CLIENT_SECRET"] = "ref-client-secret",
            ["AZURE_AUTHORITY_HOST"] = vault.AuthorityHost,
        }, new CloudKeyOptions { HttpHandler = handler, MaxRetries = 0 });
        var host = new Uri(vault.VaultUrl).Authority;
        var output = await YamlRefRewriter.RewriteAsync(
            $"a: ref+azurekeyvault://{host}/db-password\nb: ref+azurekeyvault://{host}/db#/port\n", resolver, CancellationToken.None);
        Assert.Equal("a: \"akv-pw-8080\"\nb: 5432\n", output);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync($"a: ref+azurekeyvault://{host}/nope\n", resolver, CancellationToken.None));
        Assert.Contains($"ref+azurekeyvault://{host}/nope", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("akv-pw-8080", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azurekeyvault_ref_without_a_secret_name_is_an_error_naming_the_expected_form()
    {
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync("a: ref+azurekeyvault://only-vault\n", Resolver(new()), CancellationToken.None));
        Assert.Contains("ref+azurekeyvault://only-vault", e.Message, StringComparison.Ordinal);
        Assert.Contains("<mount-or-vault>/<secret>", e.Message, StringComparison.Ordinal);
    }
}
