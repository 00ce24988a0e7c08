namespace SecretsKit.Kubernetes.Events;

/// <summary>The event type: Normal or Warning.</summary>
public enum EventSeverity
{
    Normal,
    Warning,
}
