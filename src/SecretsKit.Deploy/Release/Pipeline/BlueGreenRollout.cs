using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.Strategies;
using SecretsKit.Deploy.Release.Strategies.Analysis;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// A release's <c>blueGreen:</c> strategy in <c>apply</c>, <c>sync</c> and <c>promote</c>, in place of its upgrade: the
/// active color read from the switch (the router release's value, or the Service's selector label), the idle color
/// (<see cref="BlueGreenStrategy.IdleColor"/>) upgraded with the release's chart and values, the <c>prePromotion</c>
/// analyses against it, the switch to it, the <c>postPromotion</c> analyses; a failure after the switch switches back in
/// one call (as does a signal), a failure before it leaves the switch untouched. When the active color already runs this
/// chart and these values, nothing is deployed or switched (an unchanged release, as the diff stage makes a plain one). After the last check the old color stays
/// <c>scaleDownDelay</c> (a wait on the run's clock), then is scaled down (<c>replicaCount: 0</c>) or uninstalled. Each
/// step's times go to the record (<see cref="RecordedStrategy"/>).
/// </summary>
internal sealed class BlueGreenRollout(ReleaseRun run, BlueGreenStrategy blueGreen, ReleasePipelineContext context, ClusterConnections? clusters)
{
    private readonly RecordedStrategy _record = new() { Kind = "blueGreen", Outcome = "running" };
    private string? _old; // what the switch showed before this run
    private bool _switched; // the switch points at the new color and no check has made it final yet

    public async Task<ReleaseOutcome> RunAsync(CancellationToken ct)
    {
        run.StrategyRecord = _record;
        try
        {
            string? unreadable = null;
            if (!await StepAsync("read the active color", async () => (unreadable = await ReadActiveAsync(ct)) is null)) return await AbortAsync("read the active color", unreadable!);
            if (_old is { } active && blueGreen.IsColor(active) && await run.StrategyUnchangedAsync(active, ct))
            {
                _record.Release = active;
                _record.Outcome = "unchanged";
                Say($"{active} is active and runs this chart and these values: nothing to deploy");
                return run.Outcome(ReleaseResult.Unchanged);
            }
            var idle = blueGreen.IdleColor(_old);
            _record.Release = idle;
            Say((_old is null ? "no color is active" : $"{Old} is active") + $"; deploying {idle}");
            if (!await StepAsync($"deploy {idle}", () => run.StrategyUpgradeAsync(idle, $"deploy {idle}", [], cleanup: false, ct)))
            {
                return await AbortAsync($"deploy {idle}", $"helm could not deploy {idle}");
            }
            if (await ChecksAsync("prePromotion", blueGreen.PrePromotion, idle, ct) is { } pre) return await AbortAsync(pre.Step, pre.Failure);
            _switched = true; // from here a failure or a signal switches back (a failed switch call too: one more call is harmless)
            if (!await StepAsync($"switch to {idle}", () => run.SwitchAsync(blueGreen.Switch, idle, clusters, cleanup: false, ct)))
            {
                return await AbortAsync($"switch to {idle}", "the switch failed");
            }
            if (await ChecksAsync("postPromotion", blueGreen.PostPromotion, idle, ct) is { } post) return await AbortAsync(post.Step, post.Failure);
            _switched = false;
            Say($"{idle} is active");
            var scaled = await ScaleDownAsync(ct);
            _record.Outcome = scaled ? "completed" : "failed";
            return run.Outcome(scaled ? ReleaseResult.Upgraded : ReleaseResult.Failed);
        }
        catch (OperationCanceledException) when (context.Interrupted)
        {
            _record.Outcome = "interrupted";
            if (_switched && await StepAsync($"interrupted: switch back to {Old}", SwitchBackAsync))
            {
                context.WriteErr($"secretskit: release {run.Target.Id}: interrupted: switched back: {Old} is active again\n");
            }
            throw;
        }
    }

    /// <summary>Reads what the switch shows into <see cref="_old"/>; null when read, else why not (no secret value).</summary>
    private async Task<string?> ReadActiveAsync(CancellationToken ct)
    {
        try
        {
            _old = await run.ActiveColorAsync(blueGreen.Switch, clusters, ct);
            return null;
        }
        catch (SecretsKitException e)
        {
            return e.Message;
        }
    }

    /// <summary>The analyses of one phase against <paramref name="color"/>, in order; null when all passed, else the step and why it failed.</summary>
    private async Task<(string Step, string Failure)?> ChecksAsync(string phase, IReadOnlyList<AnalysisSpec> analyses, string color, CancellationToken ct)
    {
        foreach (var analysis in analyses)
        {
            var step = $"{phase} {analysis.Describe()}";
            Say($"{step} against {color}");
            string? failure = null;
            await StepAsync(step, async () =>
            {
                var runner = new AnalysisRunner(context.Time, context.Helm.Processes, run.StrategyDirectory, run.Sensitive, line => Say(line.TrimEnd('\n')));
                var result = await runner.RunAsync(analysis, c => run.StrategyTestAsync(color, c), ct);
                failure = result.Passed ? null : result.Describe(analysis);
                return result.Passed;
            });
            if (failure is not null) return (step, failure);
        }
        return null;
    }

    /// <summary>After <c>scaleDownDelay</c> (on the run's clock), the old color scaled down as <c>scaleDown</c> says; true when done or nothing to do.</summary>
    private async Task<bool> ScaleDownAsync(CancellationToken ct)
    {
        if (_old is not { } old || !blueGreen.IsColor(old) || !await run.StrategyInstalledAsync(old)) return true;
        if (blueGreen.ScaleDownDelay > TimeSpan.Zero)
        {
            var delay = Go.Time.GoDuration.Format(blueGreen.ScaleDownDelay.Ticks * 100);
            Say($"{old} stays {delay} (scaleDownDelay) for a quick switch back, then is scaled down");
            await StepAsync($"scaleDownDelay {delay}", async () =>
            {
                await Task.Delay(blueGreen.ScaleDownDelay, context.Time, ct);
                return true;
            });
        }
        var uninstall = blueGreen.ScaleDown == BlueGreenScaleDown.Uninstall;
        var step = uninstall ? $"uninstall {old}" : $"scale down {old} (replicaCount 0)";
        var done = await StepAsync(step, () => uninstall ? run.StrategyUninstallAsync(old, step) : run.StrategyUpgradeAsync(old, step, ["--set", "replicaCount=0"], cleanup: false, ct));
        if (done) Say($"completed: {old} " + (uninstall ? "uninstalled" : "scaled to 0 replicas"));
        return done;
    }

    /// <summary>A failed step: the switch set back to the old color when it had moved (one call, past a signal), else left untouched.</summary>
    private async Task<ReleaseOutcome> AbortAsync(string where, string failure)
    {
        _record.Outcome = context.Interrupted ? "interrupted" : "aborted";
        _record.Failure = $"{where}: {failure}";
        context.WriteErr($"secretskit: release {run.Target.Id}: blue-green {_record.Outcome} at {where}: {failure}\n");
        var active = Old;
        if (!_switched)
        {
            context.WriteErr($"secretskit: release {run.Target.Id}: the switch was not touched: {active} stays active\n");
            return run.Outcome(ReleaseResult.BlueGreenAborted);
        }
        var back = await StepAsync($"abort: switch back to {active}", SwitchBackAsync);
        _switched = !back;
        context.WriteErr($"secretskit: release {run.Target.Id}: " + (back
            ? $"switched back: {active} is active again\n"
            : $"the switch back to {active} failed (above): check {Where()}\n"));
        return run.Outcome(ReleaseResult.BlueGreenAborted);
    }

    /// <summary>The switch set back to what it showed before the run (a cleanup call); a router with no earlier value cannot be.</summary>
    private async Task<bool> SwitchBackAsync()
    {
        if (_old is null && blueGreen.Switch.ByRelease)
        {
            context.WriteErr($"secretskit: release {run.Target.Id}: the router {blueGreen.Switch.Release} showed no color before this run: nothing to switch back to\n");
            return false;
        }
        return await run.SwitchAsync(blueGreen.Switch, _old, clusters, cleanup: true, CancellationToken.None);
    }

    /// <summary>What the switch showed before the run, as output and the record say it: a color, else redacted (a router's value may be any value).</summary>
    private string Old => _old is null ? "no color" : blueGreen.IsColor(_old) ? _old : Redaction.SecretRedactor.Redact(_old, run.MessageSensitive);

    private string Where() => blueGreen.Switch.ByRelease
        ? $"`helm get values {blueGreen.Switch.Release} -n {run.Target.Namespace}`"
        : $"the selector of Service {blueGreen.Switch.Service}";

    /// <summary>Runs a step and records its times and outcome (interrupted when a signal ended it).</summary>
    private Task<bool> StepAsync(string name, Func<Task<bool>> step) => StrategySteps.RunAsync(_record, context, name, step);

    private void Say(string text) => context.WriteErr($"secretskit: release {run.Target.Id}: blue-green: {text}\n");
}
