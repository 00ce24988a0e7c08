using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// One <c>secretskit release VERB</c> as the command line gave it, plain data for <see cref="ReleaseRunner"/>: the verb,
/// the state and environment, the selection, the stages' options, sealing, the session's (lock, record, promotion)
/// and drift's. The options of the pipeline's stages (<see cref="Validation"/>, <see cref="Policy"/>,
/// <see cref="Sealing"/>) and the <see cref="Session"/> are read only for the verbs that run the pipeline or unlock.
/// </summary>
public sealed record ReleaseRequest
{
    /// <summary>The verb's name as typed (<c>apply</c>, <c>promote</c>, <c>list</c>, <c>drift</c>, …).</summary>
    public required string Verb { get; init; }

    /// <summary>The pipeline command the verb runs; null for the reports, <c>unlock</c> and <c>drift</c>.</summary>
    public ReleaseCommand? Command { get; init; }

    /// <summary><c>-f</c>: the state file or directory (null: discovered in the working directory).</summary>
    public string? File { get; init; }

    /// <summary><c>-e</c>: the environment or stage (null: <c>$HELMFILE_ENVIRONMENT</c>, else default).</summary>
    public string? Environment { get; init; }

    public IReadOnlyList<string> Selectors { get; init; } = [];
    public IReadOnlyList<string> StateValuesSet { get; init; } = [];
    public IReadOnlyList<string> StateValuesSetString { get; init; } = [];
    public IReadOnlyList<string> StateValuesFile { get; init; } = [];

    /// <summary><c>--concurrency</c> as given (0: no limit).</summary>
    public int Concurrency { get; init; } = 1;

    public bool SkipDeps { get; init; }
    public bool SkipUnitTest { get; init; }
    public bool IncludeNeeds { get; init; }
    public bool AllowExec { get; init; }
    public bool AllowUnencryptedSecrets { get; init; }
    public bool ShowSecrets { get; init; }
    public bool DetailedExitCode { get; init; }

    /// <summary><c>--context</c>: diff's unchanged lines around each change.</summary>
    public int ContextLines { get; init; } = 3;

    /// <summary>helmfile's flags with their meaning (<c>--set</c>, <c>--kube-context</c>, <c>--interactive</c>, …).</summary>
    public CommandLineOverrides Overrides { get; init; } = new();

    /// <summary><c>-b/--helm-binary</c>; null: <c>$HELM_BIN</c>, else helm on PATH.</summary>
    public string? HelmBinary { get; init; }

    public ValidationOptions? Validation { get; init; }
    public PolicyOptions? Policy { get; init; }
    public ReleaseSealing? Sealing { get; init; }

    /// <summary><c>--promotion-file</c> (null: the one beside the state file, when there).</summary>
    public string? PromotionFile { get; init; }

    /// <summary>
    /// The session's options but the promotion file and the lock, which the runner reads (<see cref="LockWait"/>,
    /// <see cref="LockTtl"/> over the file's <c>lock:</c>); null: the defaults.
    /// </summary>
    public ReleaseSessionOptions? Session { get; init; }

    public string? LockWait { get; init; }
    public string? LockTtl { get; init; }

    /// <summary><c>diff --digest</c>.</summary>
    public bool Digest { get; init; }

    /// <summary><c>status --stages</c>.</summary>
    public bool Stages { get; init; }

    /// <summary><c>drift</c>'s own flags; null for every other verb.</summary>
    public ReleaseDriftRequest? Drift { get; init; }
}

/// <summary><c>release drift</c>'s flags: the field drifts not compared (<c>--ignore</c>) and <c>-o json</c>.</summary>
public sealed record ReleaseDriftRequest(IReadOnlyList<string> Ignore, bool Json);
