namespace SecretsKit.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 Lease, used for leader election.</summary>
public sealed class V1Lease
{
    public string ApiVersion { get; set; } = "coordination.k8s.io/v1";

    public string Kind { get; set; } = "Lease";

    public ObjectMeta Metadata { get; set; } = new();

    public V1LeaseSpec Spec { get; set; } = new();
}
