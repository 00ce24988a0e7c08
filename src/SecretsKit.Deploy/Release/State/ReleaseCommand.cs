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

    /// <summary>Each release rendered as <c>template</c> does, its Secrets sealed, to files or one stream (GitOps output).</summary>
    Render,

    /// <summary>What helm stores of each release (values, manifest) searched for the release's decrypted values.</summary>
    AuditPlaintext,
}
