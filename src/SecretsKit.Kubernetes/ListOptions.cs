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
