namespace SecretsKit.Kubernetes.Coordination;

/// <summary>Leader election settings (client-go semantics): which Lease, who we are, and the three durations.</summary>
public sealed record LeaderElectionConfig(string LeaseNamespace, string LeaseName, string Identity)
{
    /// <summary>How long a holder's claim lasts without renewal, as observed by the others.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between acquire/renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Clear the holder when the run is cancelled, so another candidate can take over at once.</summary>
    public bool ReleaseOnCancel { get; init; } = true;
}
