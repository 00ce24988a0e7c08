namespace SecretsKit.Kubernetes.Models;

/// <summary>Serializable form of an owner reference (see <see cref="OwnerReference"/> for the immutable one).</summary>
public sealed class OwnerReferenceModel
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";

    public bool? Controller { get; set; }

    public bool? BlockOwnerDeletion { get; set; }
}
