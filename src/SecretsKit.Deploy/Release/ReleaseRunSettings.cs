using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Release;

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
}

/// <summary>What one run does: environment, <c>-l</c> selectors, whether secrets may be printed, parallelism.</summary>
public sealed record ReleaseRunOptions(
    string Environment,
    IReadOnlyList<string> Selectors,
    bool ShowSecrets = false,
    int Concurrency = 1,
    bool DetailedExitCode = false)
{
    /// <summary><c>--include-needs</c>: with <c>-l</c>, the releases the selected ones need are selected too.</summary>
    public bool IncludeNeeds { get; init; }

    /// <summary><c>diff --context N</c>: unchanged lines shown around each change.</summary>
    public int ContextLines { get; init; } = 3;

    /// <summary><c>--skip-deps</c>: no <c>helm repo add</c>/<c>dependency build</c> before the run.</summary>
    public bool SkipDeps { get; init; }
}

/// <summary>How value files are decrypted and refs resolved (the same machinery as <c>secretskit helm</c>).</summary>
public sealed record ReleaseDecryption(SopsEngine Engine, DecryptOptions Options, RefResolver? Refs);
