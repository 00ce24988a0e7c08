using SecretsKit.Kubernetes.Events;
using SecretsKit.Kubernetes.Models;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests.Events;

public sealed class EventAggregationTests
{
    [Fact]
    public async Task Repeated_event_updates_one_core_v1_event_with_count_and_last_timestamp()
    {
        await using var c = await FakeCluster.StartAsync();
        var time = new SecretsKit.Testing.Time.ManualTimeProvider();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent", time: time);
        for (var i = 0; i < 5; i++)
        {
            await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", "could not reach the store vault");
            time.Advance(TimeSpan.FromMinutes(1));
        }
        await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", "store vault: permission denied");

        var events = c.Server.All(FakeResourceType.CoreEvent).Select(KubeModels.ToEvent).ToList();
        Assert.Equal(2, events.Count);
        var repeated = Assert.Single(events, e => e.Message == "could not reach the store vault");
        Assert.Equal(5, repeated.Count);
        Assert.Equal("2026-01-01T00:00:00Z", repeated.FirstTimestamp);
        Assert.Equal("2026-01-01T00:04:00Z", repeated.LastTimestamp);
        Assert.Equal(1, Assert.Single(events, e => e.Message != repeated.Message).Count);
        Assert.Equal(2, c.Server.CountRequests("POST", "/events"));
        Assert.Equal(4, c.Server.CountRequests("PATCH", "/events/"));
    }

    [Fact]
    public async Task Repeated_events_v1_event_becomes_a_series()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent", "pod-1") { UseEventsV1 = true };
        for (var i = 0; i < 3; i++) await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", "could not reach the store vault", "Sync");

        var stored = Assert.Single(c.Server.All(FakeResourceType.EventsV1Event));
        Assert.Equal(3, stored["series"]!["count"]!.GetValue<int>());
        Assert.NotNull(stored["series"]!["lastObservedTime"]);
    }

    [Fact]
    public async Task Expired_event_is_written_again_and_spam_about_one_object_is_dropped_after_a_burst_of_25()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var other = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("other"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent");
        var first = await recorder.RecordAsync(es, EventSeverity.Normal, "Synced", "synced");
        c.Server.Delete(FakeResourceType.CoreEvent, "default", first!.GetName()!);
        Assert.NotNull(await recorder.RecordAsync(es, EventSeverity.Normal, "Synced", "synced"));
        Assert.Single(c.Server.All(FakeResourceType.CoreEvent));

        for (var i = 0; i < 30; i++) await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", $"attempt {i}");
        Assert.Equal(24, c.Server.All(FakeResourceType.CoreEvent).Count); // the re-written one + 23 of the 30 (25 tokens in all)
        Assert.Equal(7, recorder.Dropped);
        Assert.NotNull(await recorder.RecordAsync(other, EventSeverity.Warning, "UpdateFailed", "attempt 0")); // another object has its own budget
    }

    [Fact]
    public async Task Events_about_one_name_at_one_instant_each_get_a_name_of_their_own()
    {
        // a clock that has not moved (a test's, or events within one millisecond): 300 events about objects named "es"
        // (12 uids, each with its own budget of 25); a random name part of 4,096 values alone collided in nearly every run,
        // and the API server refused the second event as already existing
        await using var c = await FakeCluster.StartAsync();
        var time = new SecretsKit.Testing.Time.ManualTimeProvider();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent", time: time);
        for (var u = 0; u < 12; u++)
        {
            var regarding = (System.Text.Json.Nodes.JsonObject)es.DeepClone();
            regarding["metadata"]!["uid"] = $"uid-{u}";
            for (var i = 0; i < 25; i++) Assert.NotNull(await recorder.RecordAsync(regarding, EventSeverity.Warning, "UpdateFailed", $"attempt {i}"));
        }
        Assert.Equal(300, c.Server.All(FakeResourceType.CoreEvent).Count);
    }
}
