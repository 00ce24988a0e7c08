using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Tests.Azure;

/// <summary>
/// A Key Vault whose host name does not resolve (<c>.invalid</c> never does) is tried once, not five times, and fails
/// with one line naming the provider and the transport error; a server error is still retried
/// (<c>AzureKeyVaultMasterKeyTests.Server_errors_are_retried_until_success</c>).
/// </summary>
public sealed class AzureUnresolvedNameTests
{
    private const string Host = "sk-no-such-vault.invalid";

    /// <summary>The platform's own sockets, counting the requests the Azure pipeline sends.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _sent;

        public int Sent => _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_key_on_a_vault_name_that_does_not_resolve_is_tried_once_with_one_line()
    {
        using var handler = new CountingHandler();
        var source = new AzureKeyVaultKeySource(TestContexts.With(new Dictionary<string, string>()),
            TestContexts.FastRetries(handler) with { AzureCredential = new FakeVaultCredential(null, "token") });

        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            source.Parse($"https://{Host}/keys/k/0123abcd", KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey()));

        Assert.Equal(1, handler.Sent);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"azure_kv: encrypting the data key with key 'https://{Host}/keys/k/0123abcd' failed: transport error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_store_on_a_vault_name_that_does_not_resolve_is_tried_once_with_one_line()
    {
        using var handler = new CountingHandler();
        var store = new AzureKeyVaultSecretStore(new Uri($"https://{Host}"), new FakeVaultCredential(null, "token"), TestContexts.FastRetries(handler));

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => store.GetSecretAsync(new SecretRef("db")));

        Assert.Equal(1, handler.Sent);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(Host, error.Message, StringComparison.Ordinal);
    }
}
