namespace SecretsKit.Deploy.Release.State;

/// <summary>The verbs of <c>secretskit release</c>.</summary>
public enum ReleaseCommand
{
    Lint,
    Template,
    Diff,
    Apply,
    Test,
    Rollback,
    Status,
    Sync,
    Destroy,

    /// <summary>The charts' helm-unittest suites.</summary>
    UnitTest,
}
