using SecretsKit.Kubernetes.Events;
using SecretsKit.Kubernetes.Models;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests;

public sealed class EventTests
{
    [Fact]
    public async Task Core_v1_event_references_the_object_and_is_listable()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent");
        await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", "could not reach the store vault");

        var events = await c.Client.ListAsync(ResourceTypes.Event, "default");
        var ev = KubeModels.ToEvent(Assert.Single(events.Items));
        Assert.Equal("Warning", ev.Type);
        Assert.Equal("UpdateFailed", ev.Reason);
        Assert.Equal(es.GetUid(), ev.InvolvedObject.Uid);
        Assert.Equal("ExternalSecret", ev.InvolvedObject.Kind);
        Assert.Equal("secretskit-agent", ev.Source?.Component);
        Assert.StartsWith("es.", ev.Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_v1_event_is_written_to_the_events_group()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent", "pod-1") { UseEventsV1 = true };
        await recorder.RecordAsync(es, EventSeverity.Normal, "Updated", "secret synced", "Sync");

        var stored = Assert.Single(c.Server.All(FakeResourceType.EventsV1Event));
        Assert.Equal("secret synced", stored["note"]!.GetValue<string>());
        Assert.Equal("pod-1", stored["reportingInstance"]!.GetValue<string>());
        Assert.Equal(es.GetUid(), stored["regarding"]!["uid"]!.GetValue<string>());
        Assert.Contains(c.Server.Requests, r => r.Method == "POST" && r.Path == "/apis/events.k8s.io/v1/namespaces/default/events");
    }

    [Fact]
    public async Task Typed_secret_and_lease_models_round_trip_through_the_api()
    {
        await using var c = await FakeCluster.StartAsync();
        var secret = new V1Secret
        {
            Metadata = new ObjectMeta { Name = "typed", Namespace = "default", Labels = new() { ["a"] = "b" } },
            Data = new() { ["key"] = "value"u8.ToArray() },
            Type = "Opaque",
        };
        await c.Client.CreateAsync(ResourceTypes.Secret, KubeModels.FromSecret(secret));
        var back = KubeModels.ToSecret(await c.Client.GetAsync(ResourceTypes.Secret, "default", "typed"));
        Assert.Equal("value"u8.ToArray(), back.Data!["key"]);
        Assert.Equal("b", back.Metadata.Labels!["a"]);
        Assert.False(string.IsNullOrEmpty(back.Metadata.Uid));
        Assert.DoesNotContain("value", back.ToString(), StringComparison.Ordinal);
    }
}

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
}
