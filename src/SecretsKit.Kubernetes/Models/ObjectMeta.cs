namespace SecretsKit.Kubernetes.Models;

/// <summary>The commonly used part of <c>metadata</c> for the typed models.</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public string? CreationTimestamp { get; set; }

    public string? DeletionTimestamp { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<string>? Finalizers { get; set; }

    public List<OwnerReference>? OwnerReferences { get; set; }
}
