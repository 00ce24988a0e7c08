using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes;

/// <summary>The kind of a watch event; <see cref="Synced"/> is emitted by <see cref="ListWatch"/> after each (re)list.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,

    /// <summary>Not sent by the server: <see cref="ListWatch"/> yields it once its cache matches a fresh list.</summary>
    Synced,
}

/// <summary>One event of a watch stream: its type and the object (a bare metadata object for bookmarks, null for Synced).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors the Kubernetes watch event fields type and object.")]
public sealed record WatchEvent(WatchEventType Type, JsonObject? Object)
{
    public string? ResourceVersion => Object?.GetResourceVersion();
}
