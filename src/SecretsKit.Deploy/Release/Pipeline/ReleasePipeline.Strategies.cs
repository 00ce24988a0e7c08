using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Strategies;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The promotion file's <c>strategies:</c> in the pipeline: a canary runs around the stable release's upgrade; a blue-green is refused.</summary>
public sealed partial class ReleasePipeline
{
    /// <summary>
    /// A selected release with a <c>blueGreen:</c> strategy in this environment stops the run before anything is locked or
    /// deployed: blue-green is read and checked but not run yet, and upgrading the release as any other would ignore it.
    /// So does a <c>canary:</c> release with <c>--secrets-as</c>, whose sealed Secrets the canary's upgrades do not write.
    /// </summary>
    private void RefuseUnrunStrategies(ReleaseRunOptions options)
    {
        var canary = Covered(options, s => s.Canary is not null);
        if (options.Sealing is not null && canary.Count > 0)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{string.Join(", ", canary)} in {options.Environment}: a canary: strategy is not run with --secrets-as yet (its canary release would get placeholders, not sealed Secrets)",
                "run the canary without --secrets-as, or list the release under no strategy for this environment");
        }
        var blueGreen = Covered(options, s => s.BlueGreen is not null);
        if (blueGreen.Count == 0) return;
        throw new SecretsKitException(ExitCodes.Generic,
            $"{string.Join(", ", blueGreen)} in {options.Environment} {(blueGreen.Count == 1 ? "has" : "have")} a blueGreen: strategy, which apply, sync and promote do not run yet",
            "deploy the colors by hand (docs/release-strategies.md), or list the release under a canary: strategy or under none");
    }

    /// <summary>The selected releases a strategy of the kind <paramref name="kind"/> covers in this environment.</summary>
    private List<string> Covered(ReleaseRunOptions options, Func<ReleaseStrategy, bool> kind) =>
        Ordered.Where(t => options.Strategies.Any(s => kind(s) && s.Covers(t.Id, options.Environment))).Select(t => t.Id).ToList();

    /// <summary>
    /// The release's upgrade (<paramref name="upgrade"/>), through its <c>canary:</c> strategy when it has one in this
    /// environment (<see cref="CanaryRollout"/>: the canary's steps first, then <paramref name="upgrade"/> as its last step).
    /// </summary>
    private Task<ReleaseOutcome> WithStrategyAsync(ReleaseRun run, Func<CancellationToken, Task<ReleaseOutcome>> upgrade, CancellationToken ct) =>
        run.CanaryStrategy is { } canary ? new CanaryRollout(run, canary, _context).RunAsync(upgrade, ct) : upgrade(ct);

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
