namespace SecretsKit.Kubernetes;

/// <summary>Query options for a watch.</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Watch changes after this version (from a list or the last event); null replays current objects as ADDED.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask for BOOKMARK events (default true).</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>Server-side stream lifetime; null lets the server choose.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Ask for metadata only (<c>PartialObjectMetadata</c> objects), e.g. to watch Secrets without their data.</summary>
    public bool MetadataOnly { get; init; }
}
