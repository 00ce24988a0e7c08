using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Locking;

/// <summary>
/// helm's <c>pending-install</c>/<c>pending-upgrade</c>/<c>pending-rollback</c> left by a run that died mid-call. With
/// the release lock held no other run can be working on the release, so such a newest revision is stale by
/// construction: with <c>--recover-pending</c> it is rolled back to the newest deployed or superseded revision (a
/// <c>pending-install</c> is uninstalled) and the run goes on; without it the run stops with that recipe.
/// </summary>
public static class PendingReleases
{
    /// <summary>A release whose newest revision is pending, and what recovering it means.</summary>
    public sealed record Pending(ReleaseTarget Target, int Revision, string Status, int? GoodRevision)
    {
        /// <summary>The helm call that recovers it: a rollback to <see cref="GoodRevision"/>, else an uninstall.</summary>
        public IReadOnlyList<string> Recovery => GoodRevision is { } good ? HelmCommandLines.Rollback(Target, good) : HelmCommandLines.Uninstall(Target);

        public string What => GoodRevision is { } good ? $"roll it back to revision {good}" : "uninstall it (it never finished installing)";
    }

    /// <summary>
    /// Looks at each target's history (a release helm does not know is fine) and, with <paramref name="recover"/>,
    /// recovers every pending one, saying so on stderr. False when one is pending and not recovered (said, with the
    /// recipe) or helm failed.
    /// </summary>
    public static async Task<bool> CheckAsync(HelmClient helm, IReadOnlyList<ReleaseTarget> targets, string environment, bool recover,
        Action<string> writeErr, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var target in targets)
        {
            var history = await helm.RunAsync(HelmCommandLines.History(target), cancellationToken);
            if (history.NotFound) continue;
            if (!history.Ok)
            {
                writeErr($"secretskit: release {target.Id}: helm history failed (exit {history.ExitCode}) while looking for a pending revision\n");
                return false;
            }
            if (Find(target, HelmReleaseInfo.History(history.Stdout)) is not { } pending) continue;
            var said = $"secretskit: release {target.Id}: its newest revision {pending.Revision} is {pending.Status}, left by a run that ended before helm finished "
                + "(this run holds the release lock, so no other run is working on it)";
            if (!recover)
            {
                writeErr($"{said}\n  recover with: secretskit release -e {environment} <verb> --recover-pending  ({pending.What})\n"
                    + $"  or by hand:   helm {string.Join(' ', pending.Recovery)}\n");
                ok = false;
                continue;
            }
            writeErr($"{said}: --recover-pending, so {pending.What}\n");
            var done = await helm.RunAsync(pending.Recovery, cancellationToken);
            if (done.Ok) continue;
            writeErr($"secretskit: release {target.Id}: recovering the pending revision failed (exit {done.ExitCode})\n"
                + string.Concat((done.Stderr + done.Stdout).TrimEnd().Split('\n').Select(l => "  | " + l + "\n")));
            return false;
        }
        return ok;
    }

    /// <summary>The pending newest revision of a history, or null when the newest is not pending.</summary>
    public static Pending? Find(ReleaseTarget target, IReadOnlyList<HelmReleaseInfo.Revision> history)
    {
        if (history.Count == 0 || !history[^1].Status.StartsWith("pending-", StringComparison.Ordinal)) return null;
        var newest = history[^1];
        var good = newest.Status == "pending-install" ? null : HelmReleaseInfo.PreviousRevision(history);
        return new Pending(target, newest.Number, newest.Status, good);
    }
}
