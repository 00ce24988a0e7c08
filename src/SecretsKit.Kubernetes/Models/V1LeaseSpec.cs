namespace SecretsKit.Kubernetes.Models;

/// <summary>The lease record: holder, duration and the (RFC 3339 micro-second) acquire/renew times.</summary>
public sealed class V1LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    public string? AcquireTime { get; set; }

    public string? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
