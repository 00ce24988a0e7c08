using System.Text;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// helmfile's <c>--interactive</c>: before apply, sync or destroy changes the cluster, the run shows what will change
/// (apply and sync: the redacted diff of every release, then the list of releases to upgrade and uninstall; destroy: the
/// releases to uninstall) and asks once (<see cref="CommandLineOverrides.Confirm"/>). apply then does exactly what was
/// shown: it upgrades only the releases whose shown diff had changes, from the values and chart it rendered, and each
/// only while the cluster still holds the manifest its diff was made against. Declined: nothing changes, exit 0.
/// </summary>
public sealed partial class ReleasePipeline
{
    /// <summary>apply --interactive, after lint, unittest and validate: diff all, ask, then uninstall and upgrade what was shown.</summary>
    private async Task ApplyAsShownAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, List<ReleaseRun> installed,
        Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        if (await ShowAsync(runs, installed, outcomes, ct) is not { } shown) return;
        var (changed, removed) = shown;
        if (changed.Count == 0 && removed.Count == 0)
        {
            foreach (var run in installed) outcomes[run.Target] = run.Outcome(ReleaseResult.Unchanged);
            return;
        }
        if (!await AskAsync("apply", changed, removed, ct)) return;
        foreach (var run in removed.AsEnumerable().Reverse())
        {
            var result = await Guarded(run, () => DestroyAsync(run, ct));
            outcomes[run.Target] = run.Outcome(result ?? ReleaseResult.Failed);
            if (result is null) return;
        }
        await EachInOrderAsync(installed, async run => !changed.Contains(run) ? run.Outcome(ReleaseResult.Unchanged)
            : await run.DeployedAsShownAsync(ct) ? await UpgradeChangedAsync(run, ct) : run.Outcome(ReleaseResult.Failed), outcomes, ct);
    }

    /// <summary>sync --interactive: the diff of every release to install and the releases to uninstall, then the question. True to go on.</summary>
    private async Task<bool> ConfirmSyncAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        if (_context.Options.Overrides.Confirm is null) return true;
        var installed = runs.Values.Where(r => r.Target.Spec.Installed).ToList();
        return await ShowAsync(runs, installed, outcomes, ct) is { } shown && await AskAsync("sync", installed, shown.Removed, ct);
    }

    /// <summary>destroy --interactive: the releases to uninstall, then the question. True to go on.</summary>
    private async Task<bool> ConfirmDestroyAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        if (_context.Options.Overrides.Confirm is null) return true;
        return await AskAsync("destroy", [], runs.Values.Reverse().ToList(), ct);
    }

    /// <summary>
    /// Prints the diff of every release to install and finds the <c>installed: false</c> releases present in the cluster:
    /// the releases with changes and those to uninstall, or null after a failure (its outcome set).
    /// </summary>
    private static async Task<(HashSet<ReleaseRun> Changed, List<ReleaseRun> Removed)?> ShowAsync(Dictionary<ReleaseTarget, ReleaseRun> runs,
        List<ReleaseRun> installed, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        var changed = new HashSet<ReleaseRun>();
        foreach (var run in installed)
        {
            var diff = await Guarded(run, async () => await run.TemplateAsync(ct) is { } rendered ? await run.DiffAsync(rendered, ct) : null);
            if (diff is null)
            {
                outcomes[run.Target] = run.Outcome(ReleaseResult.Failed);
                return null;
            }
            if (diff.HasChanges) changed.Add(run);
        }
        var removed = new List<ReleaseRun>();
        foreach (var run in runs.Values.Where(r => !r.Target.Spec.Installed))
        {
            if (await Guarded(run, () => run.StatusAsync(ct)) is not { } status)
            {
                outcomes[run.Target] = run.Outcome(ReleaseResult.Failed);
                return null;
            }
            if (status.Installed) removed.Add(run);
        }
        return (changed, removed);
    }

    /// <summary>Lists the releases that will change and asks; false (said on stderr) when declined.</summary>
    private async Task<bool> AskAsync(string verb, IEnumerable<ReleaseRun> upgraded, IReadOnlyList<ReleaseRun> removed, CancellationToken ct)
    {
        var list = new StringBuilder("Affected releases are:\n");
        foreach (var run in upgraded) list.Append("  " + run.Target.Id + " (" + run.Target.Spec.Chart + ") " + (verb == "sync" ? "SYNCED" : "UPDATED") + "\n");
        foreach (var run in removed) list.Append("  " + run.Target.Id + " (" + run.Target.Spec.Chart + ") DELETED\n");
        _context.WriteErr(list.ToString());
        var question = verb switch
        {
            "apply" => "Do you really want to apply?\n  secretskit will apply the changes shown above, and only those.",
            "sync" => "Do you really want to sync?\n  secretskit will sync all the releases shown above.",
            _ => "Do you really want to delete?\n  secretskit will delete all the releases shown above.",
        };
        if (await _context.Options.Overrides.Confirm!(question, ct)) return true;
        _context.WriteErr($"secretskit: not confirmed: nothing was changed by {verb}\n");
        return false;
    }
}
