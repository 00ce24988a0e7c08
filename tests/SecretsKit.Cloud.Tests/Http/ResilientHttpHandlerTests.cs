using System.Collections.Concurrent;
using Amazon.Runtime;
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
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Http;

public sealed class ResilientHttpHandlerTests
{
    private static CloudRetryOptions Retry(ConcurrentQueue<CloudRetryEvent> events, int maxRetries = 2, TimeSpan? attemptTimeout = null) => new()
    {
        MaxRetries = maxRetries,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(30),
        OnRetry = events.Enqueue,
    };

    private static async Task<(FakeSecretsManagerServer Aws, SecretsManagerStore Store)> SecretsManagerAsync(CloudRetryOptions retry)
    {
        var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", "value");
        return (aws, new SecretsManagerStore(AwsTestClients.SecretsManager(aws, retry)));
    }

    [Fact]
    public async Task Aws_429_is_retried_after_the_Retry_After_delay()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        var (aws, store) = await SecretsManagerAsync(Retry(events));
        await using var _ = aws;
        aws.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromSeconds(1)), "GetSecretValue");

        var value = await store.GetSecretAsync(new SecretRef("app"));

        Assert.Equal("value"u8.ToArray(), value.Value);
        Assert.Equal(2, aws.CallCount("GetSecretValue"));
        var retry = Assert.Single(events);
        Assert.Equal(429, retry.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
    }

    [Fact]
    public async Task Aws_ThrottlingException_and_500_are_retried_with_backoff()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        var (aws, store) = await SecretsManagerAsync(Retry(events));
        await using var _ = aws;
        aws.InjectFault(FakeFault.Throttling(), "GetSecretValue");
        aws.InjectFault(FakeFault.ServerError(), "GetSecretValue");

        await store.GetSecretAsync(new SecretRef("app"));

        Assert.Equal(3, aws.CallCount("GetSecretValue"));
        Assert.Equal([400, 500], events.Select(e => e.StatusCode!.Value));
    }

    [Fact]
    public async Task Aws_persistent_500_fails_after_the_retry_budget_naming_provider_operation_and_status()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        var (aws, store) = await SecretsManagerAsync(Retry(events));
        await using var _ = aws;
        aws.InjectFault(FakeFault.ServerError(), "GetSecretValue", times: 5);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => store.GetSecretAsync(new SecretRef("app")));

        Assert.Equal(3, aws.CallCount("GetSecretValue"));
        Assert.Contains("aws-secretsmanager: GetSecretValue failed: HTTP 500 InternalServiceError", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aws_403_is_not_retried()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        var (aws, store) = await SecretsManagerAsync(Retry(events));
        await using var _ = aws;
        aws.InjectFault(FakeFault.Forbidden(), "GetSecretValue", times: 3);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => store.GetSecretAsync(new SecretRef("app")));

        Assert.Equal(1, aws.CallCount("GetSecretValue"));
        Assert.Empty(events);
        Assert.Equal((403, "AccessDeniedException"), (ex.StatusCode, ex.ErrorType));
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public async Task Aws_wrong_secret_key_is_rejected_by_signature_check_once_and_the_key_is_not_in_the_message()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", "value");
        const string wrongSecret = "wrong/secret/key/value";
        using var client = new SecretsManagerClient(AwsTestClients.Options(aws, credentials: new BasicAWSCredentials(AwsTestClients.AccessKey, wrongSecret)));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => new SecretsManagerStore(client).GetSecretAsync(new SecretRef("app")));

        Assert.Equal("InvalidSignatureException", ex.ErrorType);
        Assert.Equal(1, aws.TotalCalls);
        Assert.DoesNotContain(wrongSecret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_token_is_sent_and_signed()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", "value");
        using var client = new SecretsManagerClient(AwsTestClients.Options(aws,
            credentials: new SessionAWSCredentials(AwsTestClients.AccessKey, AwsTestClients.SecretKey, "session-token-1")));

        await new SecretsManagerStore(client).GetSecretAsync(new SecretRef("app"));

        var request = aws.Requests.Single();
        Assert.Equal("session-token-1", request.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vault_429_with_Retry_After_is_retried_and_500_is_retried()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v" });
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken), retry: Retry(events));
        vault.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromSeconds(1)), "kv-read");
        vault.InjectFault(FakeFault.ServerError(), "kv-read");

        var value = await new VaultKvStore(client).GetSecretAsync(new SecretRef("app", "k"));

        Assert.Equal("v"u8.ToArray(), value.Value);
        Assert.Equal(3, vault.CallCount("kv-read"));
        Assert.Equal([TimeSpan.FromSeconds(1)], events.Where(e => e.StatusCode == 429).Select(e => e.Delay));
    }

    [Fact]
    public async Task Retry_After_longer_than_the_cap_fails_without_waiting()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v" });
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken),
            retry: Retry(events) with { MaxRetryAfter = TimeSpan.FromSeconds(5) });
        vault.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromMinutes(10)), "kv-read");

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => new VaultKvStore(client).GetSecretAsync(new SecretRef("app")));

        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(1, vault.CallCount("kv-read"));
    }

    [Fact]
    public async Task Slow_attempt_times_out_and_is_retried()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v" });
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken),
            retry: Retry(events, attemptTimeout: TimeSpan.FromMilliseconds(300)));
        vault.InjectFault(FakeFault.Latency(TimeSpan.FromSeconds(5)), "kv-read");

        var value = await new VaultKvStore(client).GetSecretAsync(new SecretRef("app", "k"));

        Assert.Equal("v"u8.ToArray(), value.Value);
        // the first attempt (5 s) times out; on a loaded machine a later one may take over 300 ms too and be retried again
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("TimeoutRejectedException", e.Reason));
        Assert.Equal(events.Count + 1, vault.CallCount("kv-read"));
    }

    [Fact]
    public async Task Cancellation_stops_the_call()
    {
        var events = new ConcurrentQueue<CloudRetryEvent>();
        await using var vault = await FakeVaultServer.StartAsync();
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken), retry: Retry(events));
        vault.InjectFault(FakeFault.Latency(TimeSpan.FromSeconds(30)), "kv-read");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new VaultKvStore(client).GetSecretAsync(new SecretRef("app"), cts.Token));

        Assert.Empty(events);
    }

    [Fact]
    public void Invalid_options_are_rejected_listing_every_problem()
    {
        var options = new CloudRetryOptions { MaxRetries = -1, AttemptTimeout = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => new ResilientHttpHandler(options, new HttpClientHandler()));

        Assert.Contains("MaxRetries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);
    }
}
