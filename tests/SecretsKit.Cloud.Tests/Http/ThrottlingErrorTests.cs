using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Tests.Aws;
using SecretsKit.Cloud.Tests.Vault;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Http;

public sealed class ThrottlingErrorTests
{
    [Fact]
    public async Task Vault_429_with_a_long_retry_after_surfaces_it_on_the_error()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["p"] = "v" });
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));
        vault.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromMinutes(2)), "kv-read");

        var error = await Assert.ThrowsAsync<VaultRequestException>(() => new VaultKvStore(client, "secret", 2).GetSecretAsync(new SecretRef("app")));

        IThrottlingError throttling = error;
        Assert.True(throttling.IsThrottled);
        Assert.Equal(TimeSpan.FromMinutes(2), throttling.RetryAfter);
        Assert.Equal(1, vault.CallCount("kv-read")); // longer than the client's MaxRetryAfter: not waited out in-process
    }

    [Fact]
    public async Task Vault_server_error_is_not_throttling()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken), retry: CloudRetryOptions.None);
        vault.InjectFault(FakeFault.ServerError(), "kv-read");

        var error = await Assert.ThrowsAsync<VaultRequestException>(() => new VaultKvStore(client, "secret", 2).GetSecretAsync(new SecretRef("app")));

        Assert.False(error.IsThrottled);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Aws_429_retry_after_and_400_throttling_type_are_reported_as_throttling()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", "v");
        using var client = AwsTestClients.SecretsManager(aws, CloudRetryOptions.None);
        var store = new SecretsManagerStore(client);

        aws.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromSeconds(90)), "GetSecretValue");
        var tooMany = await Assert.ThrowsAsync<AwsServiceException>(() => store.GetSecretAsync(new SecretRef("app")));
        Assert.True(tooMany.IsThrottled);
        Assert.Equal(TimeSpan.FromSeconds(90), tooMany.RetryAfter);

        aws.InjectFault(FakeFault.Throttling(), "GetSecretValue");
        var throttled = await Assert.ThrowsAsync<AwsServiceException>(() => store.GetSecretAsync(new SecretRef("app")));
        Assert.True(throttled.IsThrottled);
        Assert.Null(throttled.RetryAfter);

        aws.InjectFault(FakeFault.Forbidden(), "GetSecretValue");
        Assert.False((await Assert.ThrowsAsync<AwsServiceException>(() => store.GetSecretAsync(new SecretRef("app")))).IsThrottled);
    }
}
