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
