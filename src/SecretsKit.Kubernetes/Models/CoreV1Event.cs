namespace SecretsKit.Kubernetes.Models;

/// <summary>core/v1 Event (what <c>kubectl describe</c> shows).</summary>
public sealed class CoreV1Event
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "Event";

    public ObjectMeta Metadata { get; set; } = new();

    public ObjectReference InvolvedObject { get; set; } = new();

    public string? Reason { get; set; }

    public string? Message { get; set; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; set; }

    public EventSource? Source { get; set; }

    public string? FirstTimestamp { get; set; }

    public string? LastTimestamp { get; set; }

    public string? EventTime { get; set; }

    public int? Count { get; set; }

    public string? Action { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }
}

/// <summary>A reference to the object an event is about.</summary>
public sealed class ObjectReference
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}

/// <summary>Who reported an event.</summary>
public sealed class EventSource
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}
