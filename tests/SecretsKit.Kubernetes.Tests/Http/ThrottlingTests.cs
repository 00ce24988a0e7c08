using System.Diagnostics;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Http;
using SecretsKit.Testing.Time;

namespace SecretsKit.Kubernetes.Tests.Http;

/// <summary>Client-side QPS/burst like client-go's, and the server's 429 + Retry-After honoured.</summary>
public sealed class ThrottlingTests
{
    [Fact]
    public async Task Throttled_request_waits_for_retry_after_and_is_sent_again_until_it_succeeds()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        c.Server.InjectFault("/secrets/db", 429, times: 2, method: "GET", retryAfterSeconds: 1);

        var clock = Stopwatch.StartNew();
        var secret = await c.Client.GetAsync(ResourceTypes.Secret, "default", "db");
        clock.Stop();

        Assert.Equal("db", secret.GetName());
        Assert.Equal(3, c.Server.CountRequests("GET", "/secrets/db"));
        Assert.Equal(2, c.Server.Requests.Count(r => r.StatusCode == 429));
        Assert.Equal(2, c.Client.ThrottledRetries);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"two Retry-After waits of 1 s, but it took {clock.Elapsed}");
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_throws_too_many_requests_with_retry_after()
    {
        await using var c = await FakeCluster.StartAsync();
        using var client = new KubernetesClient(c.Client.Configuration) { MaxThrottleRetries = 0 };
        c.Server.InjectFault("/secrets", 429, times: 1, retryAfterSeconds: 7);
        var e = await Assert.ThrowsAsync<KubernetesTooManyRequestsException>(() => client.ListAsync(ResourceTypes.Secret, "default"));
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        // the fault fired once; the next call goes through
        Assert.Empty((await client.ListAsync(ResourceTypes.Secret, "default")).Items);
    }

    [Fact]
    public async Task Retry_after_given_as_a_date_is_a_wait_measured_on_the_clients_clock()
    {
        await using var c = await FakeCluster.StartAsync();
        // the client's clock is far from the real one: the wait must come from it, not from the machine's
        var clock = new ManualTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        using var client = new KubernetesClient(c.Client.Configuration) { MaxThrottleRetries = 0, Time = clock };
        var fault = c.Server.InjectFault("/secrets", 429, times: 1);
        fault.RetryAfterDate = clock.GetUtcNow().AddSeconds(7);

        var e = await Assert.ThrowsAsync<KubernetesTooManyRequestsException>(() => client.ListAsync(ResourceTypes.Secret, "default"));

        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_sends_the_burst_at_once_then_spaces_requests_at_the_qps()
    {
        await using var c = await FakeCluster.StartAsync();
        using var client = new KubernetesClient(c.Client.Configuration) { RateLimit = new ClientRateLimit(Qps: 5, Burst: 2) };
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => client.ListAsync(ResourceTypes.ConfigMap, "default")));
        clock.Stop();

        Assert.Equal(7, c.Server.CountRequests("GET", "/configmaps"));
        // a full bucket of 2, then one token every 200 ms: the 7th request cannot start before 1 s
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"7 requests with burst 2 at 5/s took only {clock.Elapsed}");
    }
    /// <summary>
    /// The agent's Lease rounds use a twin client: the same server, credentials and User-Agent, but a rate limit of its
    /// own, so they are not queued behind the main client's burst (at 100,000 ExternalSecrets they missed their renew
    /// deadline behind a takeover's writes).
    /// </summary>
    [Fact]
    public async Task A_twin_with_its_own_rate_limit_is_not_queued_behind_the_main_clients_requests()
    {
        await using var c = await FakeCluster.StartAsync();
        using var main = new KubernetesClient(c.Client.Configuration) { RateLimit = new ClientRateLimit(Qps: 0.01, Burst: 1) };
        main.IdentifyAs("replica-7");
        using var twin = main.WithOwnRateLimit();
        await main.ListAsync(ResourceTypes.ConfigMap, "default"); // the main client's only token
        using var stop = new CancellationTokenSource();
        var queued = main.ListAsync(ResourceTypes.ConfigMap, "default", cancellationToken: stop.Token); // waits about 100 s for the next

        await twin.ListAsync(ResourceTypes.Secret, "default");

        Assert.False(queued.IsCompleted, "the main client's second request went out: the limit was not applied");
        Assert.Equal(1, c.Server.CountRequests("GET", "/secrets"));
        Assert.Contains("(replica-7)", c.Server.Requests.Last(r => r.Path.Contains("/secrets", StringComparison.Ordinal)).UserAgent ?? "", StringComparison.Ordinal);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
    }
}
