namespace SecretsKit.Deploy.Validation;

/// <summary>
/// What <c>validate</c> checks against: the Kubernetes minor of the built-in schemas (null: the newest built in),
/// strict unknown-field checking, whether a kind with no schema is an error, and the <c>--schema-location</c>s
/// (directories, or URL/path templates in kubeconform's syntax) searched after the rendered CRDs.
/// </summary>
public sealed record ValidationOptions(
    string? KubeVersion = null,
    bool Strict = true,
    bool RejectMissingSchemas = false,
    IReadOnlyList<string>? SchemaLocations = null);
