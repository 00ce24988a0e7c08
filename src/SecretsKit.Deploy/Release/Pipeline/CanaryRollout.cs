using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.Strategies;
using SecretsKit.Deploy.Release.Strategies.Analysis;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// A release's <c>canary:</c> strategy in <c>apply</c>, <c>sync</c> and <c>promote</c>: the canary release installed with
/// the new chart and values at weight 0, each step in order (<c>setWeight</c>: one upgrade of the canary release;
/// <c>analysis</c>: the checks of <see cref="AnalysisRunner"/>; <c>pause</c>: a wait on the run's clock, or with no
/// duration a stop the record keeps for <c>--resume</c>), then the stable release upgraded with exactly that chart and
/// those values (tested as the pipeline tests it) and the canary uninstalled. A failed step aborts: weight 0, the canary
/// uninstalled, the stable release untouched. An interruption (a signal) runs the same cleanup before it ends the run,
/// so the canary is never left half way. Each step's times go to the record (<see cref="RecordedStrategy"/>).
/// </summary>
internal sealed class CanaryRollout(ReleaseRun run, CanaryStrategy canary, ReleasePipelineContext context)
{
    private readonly RecordedStrategy _record = new() { Kind = "canary", Release = canary.CanaryRelease, Outcome = "running" };

    /// <summary>Runs the strategy; <paramref name="promoteStable"/> upgrades (and tests) the stable release after the last step.</summary>
    public async Task<ReleaseOutcome> RunAsync(Func<CancellationToken, Task<ReleaseOutcome>> promoteStable, CancellationToken ct)
    {
        run.StrategyRecord = _record;
        var from = context.StrategyResume.GetValueOrDefault(run.Target.Id);
        try
        {
            if (from > 0) Say($"resumed at step {from + 1} of {canary.Steps.Count} ({canary.Steps[Math.Min(from, canary.Steps.Count - 1)].Describe()})");
            else if (!await StepAsync("install at weight 0", () => run.CanaryWeightAsync(canary, 0, cleanup: false, ct)))
            {
                return await AbortAsync("install at weight 0", "helm could not install the canary release");
            }
            for (var i = from; i < canary.Steps.Count; i++)
            {
                var step = canary.Steps[i];
                if (step is PauseStep { Duration: null }) return Paused(step, i);
                string? failure = null;
                await StepAsync(step.Describe(), async () => (failure = await RunStepAsync(step, ct)) is null);
                if (failure is not null) return await AbortAsync($"step {i + 1} ({step.Describe()})", failure);
            }
            ReleaseOutcome? promoted = null;
            await StepAsync("promote the stable release", async () => !(promoted = await promoteStable(ct)).Failed);
            var removed = await StepAsync("uninstall the canary", () => run.UninstallCanaryAsync(canary));
            // a signal during the uninstall reached that helm too (it was running, a cleanup call or not): the interruption's
            // cleanup (below) runs once the signal was passed on, so the canary is never left half uninstalled
            context.Interruption.ThrowIfCancellationRequested();
            _record.Outcome = promoted!.Failed ? "failed" : removed ? "completed" : "failed";
            if (!promoted.Failed) Say($"completed: the stable release runs the canary's chart and values, {canary.CanaryRelease} uninstalled");
            return removed || promoted.Failed ? promoted : run.Outcome(ReleaseResult.Failed);
        }
        catch (OperationCanceledException) when (context.Interrupted)
        {
            _record.Outcome = "interrupted";
            await CleanupAsync();
            throw;
        }
    }

    /// <summary>One step: a weight, an analysis or a timed pause; null when it passed, else why it failed (no secret value).</summary>
    private async Task<string?> RunStepAsync(CanaryStep step, CancellationToken ct)
    {
        switch (step)
        {
            case SetWeightStep weight:
                return await run.CanaryWeightAsync(canary, weight.Weight, cleanup: false, ct) ? null : $"helm could not set the canary's weight to {weight.Weight}";
            case AnalysisStep analysis:
                var runner = new AnalysisRunner(context.Time, context.Helm.Processes, run.StrategyDirectory, run.Sensitive, line => Say(line.TrimEnd('\n')));
                var result = await runner.RunAsync(analysis.Analysis, c => run.CanaryTestAsync(canary, c), ct);
                return result.Passed ? null : result.Describe(analysis.Analysis);
            case PauseStep { Duration: { } duration }:
                Say($"pause {Go.Time.GoDuration.Format(duration.Ticks * 100)}");
                await Task.Delay(duration, context.Time, ct);
                return null;
            default:
                throw new InvalidOperationException("unknown canary step " + step.Describe());
        }
    }

    /// <summary><c>pause: {}</c>: the run stops here with the canary at its weight; the record keeps the next step for <c>--resume</c>.</summary>
    private ReleaseOutcome Paused(CanaryStep step, int index)
    {
        var now = context.Time.GetUtcNow();
        _record.Steps.Add(new RecordedStrategyStep { Step = step.Describe(), StartedAt = now, EndedAt = now, Outcome = "paused" });
        _record.Outcome = "paused";
        _record.NextStep = index + 1;
        Say($"paused at step {index + 1} of {canary.Steps.Count} with {canary.CanaryRelease} at its weight; "
            + "`release promote --resume` (or `apply --resume`, `sync --resume`) goes on from the next step");
        return run.Outcome(ReleaseResult.Paused);
    }

    /// <summary>A failed step: weight 0, the canary uninstalled (cleanup calls, which a signal does not cut short), the stable release untouched.</summary>
    private async Task<ReleaseOutcome> AbortAsync(string where, string failure)
    {
        _record.Outcome = context.Interrupted ? "interrupted" : "aborted";
        _record.Failure = $"{where}: {failure}";
        context.WriteErr($"secretskit: release {run.Target.Id}: canary {canary.CanaryRelease} aborted at {where}: {failure}\n");
        var clean = await StepAsync("abort: weight 0, uninstall the canary", CleanupAsync);
        context.WriteErr($"secretskit: release {run.Target.Id}: " + (clean
            ? $"{canary.CanaryRelease} set to weight 0 and uninstalled; the stable release {run.Target.Name} is untouched\n"
            : $"the cleanup of {canary.CanaryRelease} failed (above): check `helm status {canary.CanaryRelease} -n {run.Target.Namespace}`\n"));
        return run.Outcome(ReleaseResult.Aborted);
    }

    /// <summary>Weight 0, then the canary release uninstalled, when helm knows it; true when it is gone.</summary>
    private async Task<bool> CleanupAsync()
    {
        if (!await run.CanaryInstalledAsync(canary)) return true;
        await run.CanaryWeightAsync(canary, 0, cleanup: true, CancellationToken.None);
        return await run.UninstallCanaryAsync(canary);
    }

    /// <summary>Runs a step and records its times and outcome (interrupted when a signal ended it).</summary>
    private Task<bool> StepAsync(string name, Func<Task<bool>> step) => StrategySteps.RunAsync(_record, context, name, step);

    private void Say(string text) => context.WriteErr($"secretskit: release {run.Target.Id}: canary: {text}\n");
}
