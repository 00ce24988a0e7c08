namespace SecretsKit.Kubernetes.Models;

/// <summary>core/v1 ConfigMap.</summary>
public sealed class V1ConfigMap
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "ConfigMap";

    public ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, string>? Data { get; set; }

    public Dictionary<string, byte[]>? BinaryData { get; set; }

    public bool? Immutable { get; set; }
}
