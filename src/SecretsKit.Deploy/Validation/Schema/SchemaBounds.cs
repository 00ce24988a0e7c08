namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// The bounds a schema node sets, as OpenAPI v3 (and JSON Schema draft 4, which kubeconform's schemas use) spell them:
/// numbers (<c>minimum</c>/<c>maximum</c>, exclusive as a flag or, draft 6 style, as the bound itself), string lengths
/// in characters, item counts and property counts. Null: not set.
/// </summary>
internal sealed record SchemaBounds
{
    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    public long? MinProperties { get; init; }

    public long? MaxProperties { get; init; }
}
