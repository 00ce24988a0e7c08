using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// A stage's <c>fanOut.onFailure: rollback-done</c>: after another environment of the stage failed, the environment this
/// run already promoted goes back to where it was, as <c>release -e ENV rollback</c> takes it back (its lock, one
/// <c>helm rollback</c> per release), but only the releases this run's own record says it upgraded, and the environment's
/// record then says <c>rollback</c>.
/// </summary>
public sealed partial class ReleaseSession
{
    /// <summary>Whether this run undoes the stage run that began at <see cref="ReleaseSessionOptions.UndoRunSince"/>.</summary>
    public bool UndoesRun => session.UndoRunSince is not null;

    /// <summary>Rolls back the releases the stage run upgraded here; 0 when each was rolled back (or none was upgraded), else 1.</summary>
    public async Task<int> UndoRunAsync(CancellationToken ct)
    {
        var since = session.UndoRunSince ?? throw new InvalidOperationException("not a rollback of a stage run");
        var started = tools.Time.GetUtcNow();
        try
        {
            using (var probe = new ReleasePipeline(file, options, tools))
            {
                if (!await LockAsync(probe.Ordered, ct)) return 1;
            }
            var record = await ReadOwnRecordAsync(ct);
            if (record is null || record.StartedAt < since || record.Command is not ("promote" or "apply" or "sync"))
            {
                tools.Stderr.Write($"secretskit: error: {Environment} has no record of this stage run (the run started {since:O}): nothing was rolled back\n");
                return 1;
            }
            var upgraded = record.Releases.Where(e => e.Result == "upgraded").ToList();
            if (upgraded.Count == 0)
            {
                tools.Stderr.Write($"secretskit: {Environment}: this run upgraded no release here: nothing to roll back\n");
                return 0;
            }
            var selectors = upgraded.Select(e => $"name={e.Name},namespace={e.Namespace}").ToList();
            using var pipeline = new ReleasePipeline(file, options with { Selectors = selectors, IncludeNeeds = false, Record = true }, tools);
            var code = await pipeline.RunAsync(ReleaseCommand.Rollback, ct);
            return await RecordAsync(pipeline, "rollback", started, null, null, null, code, ct);
        }
        finally
        {
            await GiveBackLockAsync();
        }
    }
}
