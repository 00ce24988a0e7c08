using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Session;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// The <c>release</c> flags of what runs around the pipeline: the promotion file, the release lock, pending-revision
/// recovery, the record file, and the read-only views <c>diff --digest</c> and <c>status --stages</c>.
/// </summary>
internal sealed record ReleaseSessionFlags(
    Option<string?> PromotionFile, Option<string?> RecordFile, Option<bool> NoLock, Option<string?> LockWait, Option<string?> LockTtl,
    Option<bool> RecoverPending, Option<bool> Digest, Option<bool> Stages, Option<bool> Resume)
{
    public static ReleaseSessionFlags Create() => new(
        new("--promotion-file") { Description = "the promotion file (default: secretskit-promotion.yaml beside the state file, when there)", Recursive = true },
        new("--record-file") { Description = "apply/sync/promote: also write the release record (JSON) to this file", Recursive = true },
        new("--no-lock") { Description = "apply/sync/destroy/rollback/promote: do not take the environment's release lock (warned)", Recursive = true },
        new("--lock-wait") { Description = "how long to wait for another run's release lock before exiting 11 (default: the promotion file's lock.wait, else 0s)", Recursive = true },
        new("--lock-ttl") { Description = "a release lock not renewed for this long is taken over (default: lock.ttl, else 60s)", Recursive = true },
        new("--recover-pending") { Description = "roll a release whose newest revision is pending-* back to its newest good one (pending-install: uninstall) before the run", Recursive = true },
        new("--digest") { Description = "diff: print one line, the digest promote --approved-digest takes", Recursive = true },
        new("--stages") { Description = "status: per stage and environment of the promotion file, what its record says runs there", Recursive = true },
        new("--resume") { Description = "apply/sync/promote: a canary strategy paused by pause: {} (exit 12) goes on from the step after the pause, with the chart and values it paused with", Recursive = true });

    public IEnumerable<Option> All => [PromotionFile, RecordFile, NoLock, LockWait, LockTtl, RecoverPending, Digest, Stages, Resume];

    /// <summary>
    /// The session's options for a run of <paramref name="verb"/>, but the promotion file and the lock, which the release
    /// runner reads (<see cref="PromotionFile"/>, <see cref="LockWait"/>, <see cref="LockTtl"/>); <paramref name="interactive"/>: promote asks before it applies (helmfile's <c>--interactive</c>, which the pipeline
    /// itself handles for apply, sync and destroy).
    /// </summary>
    public ReleaseSessionOptions Read(ParseResult r, CliContext context, string verb, PromoteOptions promote, bool interactive)
    {
        if (r.GetValue(Digest) && verb != "diff") throw new SecretsKitException(ExitCodes.Generic, "--digest goes with diff");
        if (r.GetValue(Stages) && verb != "status") throw new SecretsKitException(ExitCodes.Generic, "--stages goes with status");
        if (r.GetValue(Resume) && verb is not ("apply" or "sync" or "promote")) throw new SecretsKitException(ExitCodes.Generic, "--resume goes with apply, sync or promote");
        return new ReleaseSessionOptions
        {
            NoLock = r.GetValue(NoLock),
            RecoverPending = r.GetValue(RecoverPending),
            RecordFile = r.GetValue(RecordFile),
            Interactive = interactive,
            Ask = context.CanAsk ? question => Ask(context, question) : null,
            Promote = promote,
            Resume = r.GetValue(Resume),
        };
    }

    private static bool Ask(CliContext context, string question)
    {
        context.Stderr.Write(question);
        context.Stderr.Flush();
        return context.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
