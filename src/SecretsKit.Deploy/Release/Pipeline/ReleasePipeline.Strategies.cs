using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.Strategies;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The promotion file's <c>strategies:</c> in the pipeline: a canary runs around the stable release's upgrade, a blue-green in place of it.</summary>
public sealed partial class ReleasePipeline
{
    private ClusterConnections? _clusters;

    /// <summary>The run's Kubernetes clients, for a blue-green whose switch is a Service's selector (<see cref="BlueGreenRollout"/>).</summary>
    public void UseClusters(ClusterConnections clusters) => _clusters = clusters;

    /// <summary>
    /// A selected release with a <c>canary:</c> or <c>blueGreen:</c> strategy in this environment stops a <c>--secrets-as</c>
    /// run before anything is locked or deployed: the strategy's extra releases (the canary, the colors) would get
    /// placeholders, not sealed Secrets.
    /// </summary>
    private void RefuseUnrunStrategies(ReleaseRunOptions options)
    {
        if (options.Sealing is null) return;
        var kinds = new[]
        {
            (Kind: "canary", Extra: "canary release", Covered: Covered(options, s => s.Canary is not null)),
            (Kind: "blueGreen", Extra: "colors", Covered: Covered(options, s => s.BlueGreen is not null)),
        };
        foreach (var (kind, extra, covered) in kinds)
        {
            if (covered.Count == 0) continue;
            throw new SecretsKitException(ExitCodes.Generic,
                $"{string.Join(", ", covered)} in {options.Environment}: a {kind}: strategy is not run with --secrets-as yet (its {extra} would get placeholders, not sealed Secrets)",
                $"run the {kind} without --secrets-as, or list the release under no strategy for this environment");
        }
    }

    /// <summary>The selected releases a strategy of the kind <paramref name="kind"/> covers in this environment.</summary>
    private List<string> Covered(ReleaseRunOptions options, Func<ReleaseStrategy, bool> kind) =>
        Ordered.Where(t => options.Strategies.Any(s => kind(s) && s.Covers(t.Id, options.Environment))).Select(t => t.Id).ToList();

    /// <summary>
    /// The release's upgrade (<paramref name="upgrade"/>), through its <c>canary:</c> strategy when it has one in this
    /// environment (<see cref="CanaryRollout"/>: the canary's steps first, then <paramref name="upgrade"/> as its last step),
    /// or replaced by its <c>blueGreen:</c> strategy (<see cref="BlueGreenRollout"/>: the release's chart and values go to a color).
    /// </summary>
    private Task<ReleaseOutcome> WithStrategyAsync(ReleaseRun run, Func<CancellationToken, Task<ReleaseOutcome>> upgrade, CancellationToken ct) =>
        run.CanaryStrategy is { } canary ? new CanaryRollout(run, canary, _context).RunAsync(upgrade, ct)
        : run.BlueGreenStrategy is { } blueGreen ? new BlueGreenRollout(run, blueGreen, _context, _clusters).RunAsync(ct)
        : upgrade(ct);

    /// <summary>presync → upgrade → postsync → test (→ rollback, an uninstall after a failed first install).</summary>
    private static async Task<ReleaseOutcome> UpgradeAndTestAsync(ReleaseRun run, CancellationToken ct)
    {
        if (!await UpgradeWithHooksAsync(run, ct)) return run.Outcome(ReleaseResult.Failed);
        if (await run.TestAsync(ct)) return run.Outcome(ReleaseResult.Upgraded);
        return run.Outcome(ReleaseResult.TestFailed, await run.RollbackAsync(uninstallFirstInstall: true, ct));
    }

    /// <summary><c>--resume</c>: per release id, the canary step to go on from, as the environment's record of the paused run says.</summary>
    public void ResumeStrategies(IReadOnlyDictionary<string, int> nextSteps) => _context.StrategyResume = nextSteps;
}
