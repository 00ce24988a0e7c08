using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Azure;

/// <summary>Attempt timeouts that outlast the Azure pipeline's retries surface as a <see cref="SecretsKitException"/>, like HTTP errors.</summary>
public sealed class AzureKeyVaultSecretStoreTransportTests : AzureVaultFixture
{
    private AzureKeyVaultSecretStore Store() => new(new Uri(Vault.VaultUrl), new FakeVaultCredential(Vault), TestContexts.FastRetries(Handler) with
    {
        MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(5), // the injected delay (30 s) is far longer; a loaded machine stays well inside 5 s
    });

    [Fact]
    public async Task Read_that_times_out_on_every_attempt_is_a_SecretsKitException_naming_the_provider_secret_and_timeout()
    {
        Vault.SetSecret("slow", "s3cr3t-slow");
        var store = Store();
        await store.GetSecretAsync(new SecretRef("slow"));
        Vault.InjectFault(FakeFault.Latency(TimeSpan.FromSeconds(30)), times: 2);

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => store.GetSecretAsync(new SecretRef("slow")));

        Assert.Contains("azurekv", error.Message, StringComparison.Ordinal);
        Assert.Contains("'slow'", error.Message, StringComparison.Ordinal);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_provider_error()
    {
        Vault.SetSecret("slow", "v");
        var store = Store();
        await store.GetSecretAsync(new SecretRef("slow"));
        Vault.InjectFault(FakeFault.Latency(TimeSpan.FromSeconds(30)), times: 2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetSecretAsync(new SecretRef("slow"), cancel.Token));
    }
}
