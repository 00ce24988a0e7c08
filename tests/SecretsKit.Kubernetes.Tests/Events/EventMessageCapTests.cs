using System.Text;
using SecretsKit.Kubernetes.Events;
using SecretsKit.Kubernetes.Models;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests.Events;

/// <summary>
/// An Event's message quoting tenant input (a 100 KB key name, say) is cut before it is written through the API fake: a
/// core/v1 message to 2,000 characters like a condition's, an events.k8s.io/v1 note to the API server's 1,024 bytes,
/// each ending with how long the whole message was.
/// </summary>
public sealed class EventMessageCapTests
{
    [Fact]
    public async Task A_core_v1_event_message_is_cut_to_2000_characters_saying_how_long_it_was()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent");
        var message = "remoteRef.key " + new string('k', 100_000) + " not found";

        await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", message);

        var ev = KubeModels.ToEvent(Assert.Single((await c.Client.ListAsync(ResourceTypes.Event, "default")).Items));
        const string tail = "… (100,024 characters)";
        Assert.Equal(message[..(EventRecorder.MaxMessage - tail.Length)] + tail, ev.Message);
        Assert.Equal(EventRecorder.MaxMessage, ev.Message!.Length);
    }

    [Theory]
    [InlineData('k')]
    [InlineData('é')]
    [InlineData('鍵')]
    public async Task An_events_v1_note_is_cut_to_1024_utf8_bytes_saying_how_long_it_was(char filler)
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var recorder = new EventRecorder(c.Client, "secretskit-agent", "pod-1") { UseEventsV1 = true };
        var message = "remoteRef.key " + new string(filler, 100_000);

        await recorder.RecordAsync(es, EventSeverity.Warning, "UpdateFailed", message);

        var note = Assert.Single(c.Server.All(FakeResourceType.EventsV1Event))["note"]!.GetValue<string>();
        Assert.InRange(Encoding.UTF8.GetByteCount(note), EventRecorder.MaxNoteBytes - 3, EventRecorder.MaxNoteBytes);
        Assert.StartsWith("remoteRef.key " + filler, note, StringComparison.Ordinal);
        Assert.EndsWith("… (100,014 characters)", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_message_is_written_whole()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        await new EventRecorder(c.Client, "secretskit-agent").RecordAsync(es, EventSeverity.Normal, "Updated", "secret synced");

        Assert.Equal("secret synced", KubeModels.ToEvent(Assert.Single((await c.Client.ListAsync(ResourceTypes.Event, "default")).Items)).Message);
    }
}
