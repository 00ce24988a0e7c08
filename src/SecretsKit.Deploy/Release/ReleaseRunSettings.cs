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
}

/// <summary>What one run does: environment, <c>-l</c> selectors, whether secrets may be printed, parallelism.</summary>
public sealed record ReleaseRunOptions(
    string Environment,
    IReadOnlyList<string> Selectors,
    bool ShowSecrets = false,
    int Concurrency = 1,
    bool DetailedExitCode = false);

/// <summary>How value files are decrypted and refs resolved (the same machinery as <c>secretskit helm</c>).</summary>
public sealed record ReleaseDecryption(SopsEngine Engine, DecryptOptions Options, RefResolver? Refs);
