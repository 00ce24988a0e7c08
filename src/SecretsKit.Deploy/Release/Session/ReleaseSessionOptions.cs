using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.Promotion;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// What a <see cref="ReleaseSession"/> adds around the pipeline: the promotion file, the release lock (the file's
/// <c>lock:</c> with <c>--lock-wait</c>/<c>--lock-ttl</c> applied, or <c>--no-lock</c>), pending-revision recovery, the
/// record file, promotion and its gates, and <c>--interactive</c>.
/// </summary>
public sealed record ReleaseSessionOptions
{
    public PromotionFile Promotion { get; init; } = PromotionFile.Empty;

    /// <summary>The lock settings in effect: the promotion file's, with the command line's overrides.</summary>
    public ReleaseLockSettings Lock { get; init; } = ReleaseLockSettings.Default;

    /// <summary><c>--no-lock</c>: no Lease is taken (warned); for clusters where the run may not write Leases.</summary>
    public bool NoLock { get; init; }

    /// <summary><c>--recover-pending</c>: a pending newest revision is rolled back (uninstalled after a pending install) before the run.</summary>
    public bool RecoverPending { get; init; }

    /// <summary><c>--record-file PATH</c>: the run's record is also written there.</summary>
    public string? RecordFile { get; init; }

    /// <summary><c>--interactive</c>: show the redacted diff, ask, apply exactly that (refused without a terminal).</summary>
    public bool Interactive { get; init; }

    /// <summary>
    /// Asks the user a yes/no question on the terminal; null when there is none (no terminal, or a CI run), which makes
    /// <see cref="Interactive"/> refuse.
    /// </summary>
    public Func<string, bool>? Ask { get; init; }

    /// <summary><c>--resume</c> (apply, sync, promote): a canary strategy the environment's record shows paused goes on from its next step.</summary>
    public bool Resume { get; init; }

    /// <summary><c>promote</c>'s flags.</summary>
    public PromoteOptions Promote { get; init; } = new();

    /// <summary>
    /// <c>rollback</c> as a stage's <c>fanOut.onFailure: rollback-done</c> runs it: only the releases the stage run that
    /// began at this time upgraded, as its record says; null: a plain <c>rollback</c>.
    /// </summary>
    public DateTimeOffset? UndoRunSince { get; init; }
}

/// <summary><c>release promote [--from S] [--dry-run] [--approved-digest D] [--pin]</c>.</summary>
public sealed record PromoteOptions
{
    /// <summary><c>--from</c>: the source environment or stage (default: the target stage's <c>from</c>).</summary>
    public string? From { get; init; }

    /// <summary><c>--dry-run</c>: print every gate with pass/fail and exit 10 or 0, writing nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary><c>--approved-digest</c>: what <c>release diff --digest</c> printed when the change was approved.</summary>
    public string? ApprovedDigest { get; init; }

    /// <summary><c>--pin</c>: deploy the chart version the source verified, instead of the state's.</summary>
    public bool Pin { get; init; }
}
