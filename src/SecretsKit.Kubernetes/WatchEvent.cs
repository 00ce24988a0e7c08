using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes;

/// <summary>One event of a watch stream: its type and the object (a bare metadata object for bookmarks, null for Synced).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors the Kubernetes watch event fields type and object.")]
public sealed record WatchEvent(WatchEventType Type, JsonObject? Object)
{
    public string? ResourceVersion => Object?.GetResourceVersion();
}
