using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Events;

/// <summary>
/// Records Kubernetes Events about an object (what <c>kubectl describe</c> shows): core/v1 by default, or
/// events.k8s.io/v1. Messages are the caller's; never put secret values in them.
/// </summary>
public sealed class EventRecorder(KubernetesClient client, string component, string? instance = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Write events.k8s.io/v1 Events instead of core/v1.</summary>
    public bool UseEventsV1 { get; init; }

    /// <summary>Records an event about <paramref name="regarding"/> (an object read from the server); returns the created Event.</summary>
    public Task<JsonObject> RecordAsync(JsonObject regarding, EventSeverity severity, string reason, string message, string? action = null,
        CancellationToken cancellationToken = default)
    {
        var ns = regarding.GetNamespace() ?? "default";
        var now = _time.GetUtcNow();
        var name = $"{regarding.GetName()}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}";
        var type = severity == EventSeverity.Warning ? "Warning" : "Normal";
        var reference = new ObjectReference
        {
            ApiVersion = regarding.GetApiVersion(),
            Kind = regarding.GetKind(),
            Name = regarding.GetName(),
            Namespace = regarding.GetNamespace(),
            Uid = regarding.GetUid(),
            ResourceVersion = regarding.GetResourceVersion(),
        };
        if (UseEventsV1)
        {
            var ev = KubeObjectMetadata.New(ResourceTypes.EventV1, name, ns);
            ev["eventTime"] = Coordination.LeaderElector.MicroTime(now);
            ev["reportingController"] = component;
            ev["reportingInstance"] = instance ?? component;
            ev["action"] = action ?? reason;
            ev["reason"] = reason;
            ev["note"] = message;
            ev["type"] = type;
            ev["regarding"] = KubeModels.From(reference, KubernetesJsonContext.Default.ObjectReference);
            return client.CreateAsync(ResourceTypes.EventV1, ev, cancellationToken);
        }
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var core = new CoreV1Event
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            InvolvedObject = reference,
            Reason = reason,
            Message = message,
            Type = type,
            Source = new EventSource { Component = component },
            FirstTimestamp = timestamp,
            LastTimestamp = timestamp,
            Count = 1,
            Action = action,
            ReportingComponent = component,
            ReportingInstance = instance ?? component,
        };
        return client.CreateAsync(ResourceTypes.Event, KubeModels.FromEvent(core), cancellationToken);
    }
}

/// <summary>The event type: Normal or Warning.</summary>
public enum EventSeverity
{
    Normal,
    Warning,
}
