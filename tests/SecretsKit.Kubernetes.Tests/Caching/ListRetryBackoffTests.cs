using System.Diagnostics;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Kubernetes.Tests.Caching;

/// <summary>
/// A list that keeps failing backs off as client-go's reflector does: the agent watches GeneratorStates, and on a cluster
/// whose CRDs predate them every list answers 404; at a fixed 1 s that was a request a second from the client's rate limit
/// for as long as the agent runs (17 of the 948 requests of a 300-ExternalSecret first sync in the agent bench).
/// </summary>
public sealed class ListRetryBackoffTests
{
    [Fact]
    public void The_wait_doubles_from_the_retry_delay_up_to_the_cap()
    {
        var waits = Enumerable.Range(1, 8).Select(n => ListWatch.ListRetryDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), n).TotalSeconds);
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], waits);
    }

    [Fact]
    public async Task A_resource_the_server_does_not_serve_is_listed_less_and_less_often()
    {
        await using var c = await FakeCluster.StartAsync();
        var missing = new ResourceType("generators.external-secrets.io", "v1alpha1", "generatorstates", "GeneratorState", true);
        var failures = 0;
        var lw = new ListWatch(c.Client, missing, "default")
        {
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxListRetryDelay = TimeSpan.FromMilliseconds(400),
            OnError = _ => Interlocked.Increment(ref failures),
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        var run = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in lw.RunAsync(cts.Token))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        while (Volatile.Read(ref failures) < 6) await Task.Delay(10, cts.Token);
        var elapsed = clock.Elapsed;
        await cts.CancelAsync();
        await run;

        // six failed lists are five waits apart: 50 + 100 + 200 + 400 + 400 ms at least (a fixed delay: 250 ms)
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(1150), $"six failed lists within {elapsed.TotalMilliseconds:0} ms");
        Assert.InRange(c.Server.CountRequests("GET", "/generatorstates"), 6, 7);
    }
}
