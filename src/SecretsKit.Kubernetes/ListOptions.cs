namespace SecretsKit.Kubernetes;

/// <summary>Query options for list: selectors and limit/continue pagination.</summary>
public sealed record ListOptions
{
    /// <summary>e.g. <c>app=web,tier in (a,b),!legacy</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>e.g. <c>metadata.name=db</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; 0 asks for everything at once.</summary>
    public int Limit { get; init; }

    /// <summary>The continue token from the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>Consistency hint; null (most recent) unless you know why.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask for metadata only (<c>PartialObjectMetadataList</c>): no data or spec is transferred.</summary>
    public bool MetadataOnly { get; init; }
}

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

/// <summary>Options for delete: propagation policy and preconditions.</summary>
public sealed record DeleteOptions
{
    /// <summary><c>Background</c>, <c>Foreground</c> or <c>Orphan</c>.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Fail with 409 unless the live object has this uid.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Fail with 409 unless the live object has this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }

    public long? GracePeriodSeconds { get; init; }
}

/// <summary>The patch media types the API server accepts.</summary>
public enum PatchType
{
    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,

    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,

    /// <summary><c>application/strategic-merge-patch+json</c> (built-in types only).</summary>
    StrategicMerge,
}
