using SecretsKit.Agent.Runtime.Scheduling;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// Where the change-events bench's "background" reads come from: the timer's per-key refresh slots. Each remote key is
/// read at the boundaries of a fixed grid (phase from a hash of the key, one interval apart), shared by its readers, so
/// after the first sync (made whenever the agent started, off the grid) the key's next read is at its next boundary,
/// anywhere within the hour: 1,000 keys with a 1 h interval make about 17 reads a minute, events or not. Between two
/// boundaries a quiet store costs nothing.
/// </summary>
public sealed class QuietStoreReadsTests
{
    private const string Key = "app/quiet";

    [Fact]
    public async Task A_quiet_store_with_a_1h_interval_makes_no_read_until_the_keys_slot_boundary_and_one_read_there()
    {
        await using var h = await SqsEventsHarness.StartAsync();
        h.SecretsManager.PutSecret(Key, "v1");
        h.ExternalSecret("reader", Key);
        await using var run = await h.Cluster.WatchAsync();
        await Poll.UntilAsync(() => h.Cluster.Value("default", "reader", "value") == "v1", "the first sync");
        await Poll.UntilAsync(() => h.EventsStatus() == "True", "ChangeEventsReady=True");
        var synced = h.Cluster.Time.GetUtcNow();
        var es = AgentCluster.EsKey("default", "reader");
        var boundary = KeySlots.NextBoundary(KeySlots.KeyId("SecretStore/default/aws", Key, null), TimeSpan.FromHours(1), synced);
        await Poll.UntilAsync(() => h.Cluster.Session.Scheduler.DueAt(es) == boundary, "the reader is due at its key's next slot boundary");
        var reads = h.SecretsManager.CallCount("GetSecretValue");

        // up to a second before the boundary: nothing is due, nothing is read
        h.Cluster.Time.Advance(boundary - synced - TimeSpan.FromSeconds(1));
        Assert.Equal(boundary, h.Cluster.Session.Scheduler.DueAt(es));
        Assert.Equal(reads, h.SecretsManager.CallCount("GetSecretValue"));

        // at the boundary: one read, and the next one an interval later
        h.Cluster.Time.Advance(TimeSpan.FromSeconds(2));
        await Poll.UntilAsync(() => h.Cluster.Session.Scheduler.DueAt(es) == boundary + TimeSpan.FromHours(1), "due again an interval later");
        Assert.Equal(reads + 1, h.SecretsManager.CallCount("GetSecretValue"));
    }
}
