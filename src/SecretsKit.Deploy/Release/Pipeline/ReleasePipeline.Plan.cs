using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Diff;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The plan of an apply (what the gates and an approval read) and the release records of a run.</summary>
public sealed partial class ReleasePipeline
{
    private bool _planShown;

    /// <summary>
    /// template → validate → policy → chart digest → diff (not printed) of every release to install, in order, with
    /// nothing written to the cluster; null after the first release that failed (said on stderr). A later
    /// <see cref="RunAsync"/> of <c>apply</c> deploys these renderings and diffs, without rendering or diffing again.
    /// </summary>
    public async Task<ReleasePlan?> PlanAsync(ReleaseCommand command, CancellationToken ct)
    {
        _context.Command = command; // hooks that run while planning (prepare) see the verb the plan is for
        _context.Interruption = ct;
        var planned = new List<PlannedRelease>();
        foreach (var run in Runs.Values.Where(r => r.Target.Spec.Installed))
        {
            if (await Guarded(run, () => run.RenderValidatedAsync(ct)) is not { } rendered) return null;
            if (await Guarded(run, () => run.ChartAsync(ct)) is not { } chart) return null;
            if (await Guarded(run, () => run.DiffAsync(rendered, ct, print: false)) is not { } diff) return null;
            run.Planned = true;
            planned.Add(new PlannedRelease(run.Target, chart, run.RedactedDiff!, diff.HasChanges, run.SecretKeyPaths, run.EncryptedFiles));
        }
        return new ReleasePlan(planned);
    }

    /// <summary>Prints the planned diffs as <c>diff</c> would (redacted unless <c>--show-secrets</c>); the run after it does not print them again.</summary>
    public void ShowPlan()
    {
        foreach (var run in Runs.Values.Where(r => r.Planned)) _context.WriteOut(run.ShownDiff!);
        _planShown = true;
    }

    /// <summary>The plan's diff of a release it covered (printed now unless <see cref="ShowPlan"/> did), else a new diff.</summary>
    private async Task<ManifestDiffResult?> PlannedOrNewDiffAsync(ReleaseRun run, string rendered, CancellationToken ct)
    {
        if (!run.Planned) return await run.DiffAsync(rendered, ct);
        if (!_planShown) _context.WriteOut(run.ShownDiff!);
        return run.LastDiff;
    }

    /// <summary>
    /// The releases' entries of the run's record (set after an <c>apply</c> or <c>sync</c> with
    /// <see cref="ReleaseRunOptions.Record"/>), or null when the run recorded nothing.
    /// </summary>
    public IReadOnlyList<ReleaseRecordEntry>? RecordEntries { get; private set; }

    /// <summary>The record's entries, or null (said on stderr) when one could not be made: the record then says the run failed.</summary>
    private async Task<IReadOnlyList<ReleaseRecordEntry>?> RecordEntriesAsync(IReadOnlyList<ReleaseOutcome> rows, CancellationToken ct)
    {
        var entries = new List<ReleaseRecordEntry>();
        try
        {
            foreach (var row in rows.Where(r => r.Target.Spec.Installed))
            {
                entries.Add(await Runs[row.Target].RecordEntryAsync(row, row.Target.KubeContext, ct));
            }
        }
        catch (Exception e) when (e is SecretsKitException or IOException)
        {
            _context.WriteErr($"secretskit: error: the release record's entries could not be made: {Echo.Bounded(e.Message)}\n");
            return null;
        }
        return entries;
    }

    /// <summary>Removes what the runs decrypted or pulled (also when no <see cref="RunAsync"/> followed a plan).</summary>
    public void Dispose()
    {
        if (_runs is null) return;
        foreach (var run in _runs.Values) run.Dispose();
    }
}
