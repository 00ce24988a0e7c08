namespace SecretsKit.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 Lease, used for leader election.</summary>
public sealed class V1Lease
{
    public string ApiVersion { get; set; } = "coordination.k8s.io/v1";

    public string Kind { get; set; } = "Lease";

    public ObjectMeta Metadata { get; set; } = new();

    public V1LeaseSpec Spec { get; set; } = new();
}

/// <summary>The lease record: holder, duration and the (RFC 3339 micro-second) acquire/renew times.</summary>
public sealed class V1LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    public string? AcquireTime { get; set; }

    public string? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
