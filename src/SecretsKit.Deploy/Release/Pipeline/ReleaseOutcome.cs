using System.Diagnostics.CodeAnalysis;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// How far one release got in a run: the last stage reached, its result (with the revision rolled back to, and for a
/// failed test the rollback's own result), how long it took.
/// </summary>
public sealed record ReleaseOutcome(ReleaseTarget Target, string Stage, ReleaseResult Result, TimeSpan Duration, int? Revision = null,
    ReleaseOutcome.Step? Recovery = null)
{
    /// <summary>The result of a step that can end in one of several ways (a rollback, an uninstall), before it becomes an outcome.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "C# only; a release's pipeline step.")]
    public readonly record struct Step(ReleaseResult Result, int? Revision = null);

    public bool Failed => Result is ReleaseResult.Failed or ReleaseResult.TestFailed or ReleaseResult.Error or ReleaseResult.Interrupted
        or ReleaseResult.Aborted or ReleaseResult.BlueGreenAborted;

    /// <summary>Whether the run changed the cluster (for <c>--detailed-exitcode</c>).</summary>
    public bool Changed => Result is ReleaseResult.Upgraded or ReleaseResult.Uninstalled;

    public string Text => Result == ReleaseResult.TestFailed
        ? "test failed, " + (Recovery is { } r ? TextOf(r.Result, r.Revision) : "rollback failed")
        : TextOf(Result, Revision);

    public static ReleaseOutcome Skipped(ReleaseTarget target) => new(target, "-", ReleaseResult.Skipped, TimeSpan.Zero);

    private static string TextOf(ReleaseResult result, int? revision) => result switch
    {
        ReleaseResult.Ok => "ok",
        ReleaseResult.Failed => "failed",
        ReleaseResult.Passed => "passed",
        ReleaseResult.Changes => "changes",
        ReleaseResult.NoChanges => "no changes",
        ReleaseResult.Unchanged => "unchanged",
        ReleaseResult.Upgraded => "upgraded",
        ReleaseResult.Uninstalled => "uninstalled",
        ReleaseResult.UninstalledFirstInstall => "uninstalled (first install)",
        ReleaseResult.RolledBack => $"rolled back to {revision}",
        ReleaseResult.NotInstalled => "not installed",
        ReleaseResult.Skipped => "skipped (installed: false)",
        ReleaseResult.NotRun => "not run",
        ReleaseResult.NoSuites => "no suites",
        ReleaseResult.Error => "error (below)",
        ReleaseResult.PlaintextStored => "decrypted values stored",
        ReleaseResult.Interrupted => "interrupted",
        ReleaseResult.Aborted => "canary aborted",
        ReleaseResult.BlueGreenAborted => "blue-green aborted",
        ReleaseResult.Paused => "paused (--resume continues)",
        _ => result.ToString(),
    };
}
