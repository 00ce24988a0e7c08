using SecretsKit.Kubernetes.Events;
using SecretsKit.Kubernetes.Models;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests.Events;

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
