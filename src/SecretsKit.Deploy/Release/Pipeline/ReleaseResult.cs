namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>What became of one release in a run: the RESULT column of the summary (see <see cref="ReleaseOutcome.Text"/>).</summary>
public enum ReleaseResult
{
    Ok,
    Failed,
    Passed,
    Changes,
    NoChanges,
    Unchanged,
    Upgraded,
    Uninstalled,

    /// <summary>A failed first install removed again (no earlier revision to roll back to), as <c>--atomic</c> does.</summary>
    UninstalledFirstInstall,

    /// <summary>Rolled back to <see cref="ReleaseOutcome.Revision"/>.</summary>
    RolledBack,
    NotInstalled,

    /// <summary>Tests failed after the upgrade; <see cref="ReleaseOutcome.Recovery"/> says how the rollback went (null: it failed).</summary>
    TestFailed,

    /// <summary><c>installed: false</c> for a command that only works on installed releases.</summary>
    Skipped,
    NotRun,

    /// <summary>The unittest verb: the chart has no helm-unittest suites (not a failure).</summary>
    NoSuites,

    /// <summary>A stage threw (a secret could not be decrypted, a ref not resolved); the error follows the summary.</summary>
    Error,

    /// <summary><c>audit-plaintext</c>: what helm stores of the release holds decrypted values (the run exits 1; others are still audited).</summary>
    PlaintextStored,

    /// <summary>A canary strategy's failed step ended it: weight 0, the canary release uninstalled, the stable release untouched.</summary>
    Aborted,

    /// <summary>A canary strategy's <c>pause: {}</c> stopped the run with the canary at its weight (<c>--resume</c> goes on).</summary>
    Paused,

    /// <summary>A blue-green strategy's failed step ended it: the switch left on (or set back to) the old color.</summary>
    BlueGreenAborted,

    /// <summary>A signal interrupted the run while this release was in it, at the stage reached.</summary>
    Interrupted,
}
