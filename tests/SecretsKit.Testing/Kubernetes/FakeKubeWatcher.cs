using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>One open watch stream: its filter and the queue of event lines waiting to be written.</summary>
internal sealed class FakeKubeWatcher(FakeResourceType type, string? ns, LabelSelector labels, FieldSelector fields, bool bookmarks)
{
    public Channel<JsonObject> Events { get; } = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });

    public FakeResourceType Type => type;

    public bool WantsBookmarks => bookmarks;

    public bool Matches(JsonObject? obj) =>
        obj is not null
        && (ns is null || obj["metadata"]?["namespace"]?.GetValue<string>() == ns)
        && labels.Matches(obj)
        && fields.Matches(obj);

    /// <summary>Translates a stored change into what this watcher sees: objects entering or leaving its selection become ADDED/DELETED.</summary>
    public void Offer(FakeKubeChange change)
    {
        if (change.Type != type) return;
        var oldMatch = Matches(change.Old);
        var newMatch = Matches(change.New);
        string? eventType = change.EventType switch
        {
            "ADDED" => newMatch ? "ADDED" : null,
            "DELETED" => oldMatch ? "DELETED" : null,
            _ => (oldMatch, newMatch) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
        };
        if (eventType is null) return;
        var obj = change.EventType == "DELETED" ? change.Old! : change.New!;
        Events.Writer.TryWrite(new JsonObject { ["type"] = eventType, ["object"] = obj.DeepClone() });
    }

    /// <summary>
    /// A BOOKMARK at <paramref name="resourceVersion"/>; the one ending a streaming list's initial events carries the
    /// annotation <c>k8s.io/initial-events-end: "true"</c> (what client-go's reflector waits for before it is synced).
    /// </summary>
    public void Bookmark(long resourceVersion, bool initialEventsEnd = false)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (initialEventsEnd) metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        Events.Writer.TryWrite(new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.GroupVersion, ["metadata"] = metadata },
        });
    }
}
