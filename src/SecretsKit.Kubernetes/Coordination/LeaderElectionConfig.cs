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

    /// <summary>
    /// Also count a Lease held by another as expired once its recorded <c>renewTime</c> plus its own
    /// <c>leaseDurationSeconds</c> has passed by this candidate's clock. For short-lived candidates (a command-line run)
    /// that cannot first watch a Lease for a whole duration; it assumes the holders' clocks agree within seconds.
    /// </summary>
    public bool ExpireByRecordedRenewal { get; init; }
}
