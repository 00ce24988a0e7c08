namespace SecretsKit.Deploy.Validation;

/// <summary>
/// What <c>validate</c> checks against: the Kubernetes minor of the built-in schemas (null: the newest built in),
/// strict unknown-field checking, whether a kind with no schema is an error, and the <c>--schema-location</c>s
/// (directories, schema files, or URL/path templates in kubeconform's syntax) searched after the rendered CRDs; and,
/// as kubeconform's <c>-skip</c> and <c>-reject</c>, kinds (<c>Kind</c> or <c>apiVersion/Kind</c>) to skip or refuse.
/// With <see cref="Strict"/> off, a key written twice keeps its last value instead of being a finding.
/// </summary>
public sealed record ValidationOptions(
    string? KubeVersion = null,
    bool Strict = true,
    bool RejectMissingSchemas = false,
    IReadOnlyList<string>? SchemaLocations = null)
{
    public IReadOnlyList<string> SkipKinds { get; init; } = [];

    public IReadOnlyList<string> RejectKinds { get; init; } = [];

    /// <summary>Documents parsed and checked at once: 0 (the default) for one per core; never more than the cores.</summary>
    public int MaxParallelism { get; init; }

    /// <summary>Whether the workers besides the caller's thread start on threads of their own rather than the thread
    /// pool's: for a process that validates once (the CLI), where a fresh pool took up to ~3 ms to hand a queued worker
    /// to an idle thread; a process that validates many times (the release pipeline) keeps the pool's warm threads.</summary>
    public bool OwnThreads { get; init; }
}
