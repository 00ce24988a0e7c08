using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// One node of the OpenAPI v3 subset Kubernetes uses for validation: a type (or int-or-string, or quantity), its format,
/// the properties and required fields of an object, array items, map values, enums, a pattern and bounds, list types
/// (<c>x-kubernetes-list-type</c> set or map), the two extensions that relax checking
/// (<c>x-kubernetes-preserve-unknown-fields</c>, <c>x-kubernetes-int-or-string</c>) and the CEL rules
/// (<c>x-kubernetes-validations</c>). <see cref="Ref"/> names another schema of the same set.
/// </summary>
internal sealed class SchemaNode
{
    /// <summary>The schema that allows anything (<c>{}</c>, or a keyword this validator does not check).</summary>
    public static SchemaNode Any { get; } = new();

    /// <summary><c>object</c>, <c>array</c>, <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>quantity</c> (string or number), or null.</summary>
    public string? Type { get; init; }

    public string? Format { get; init; }

    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    public SchemaNode? Items { get; init; }

    /// <summary>The schema of a map's values (<c>additionalProperties: {…}</c>).</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary><c>additionalProperties: true</c>: unknown fields are allowed; <c>false</c> is the strict default.</summary>
    public bool AdditionalAllowed { get; init; }

    /// <summary><c>additionalProperties: false</c> written in the schema: unknown fields are errors whatever <c>--strict</c> says.</summary>
    public bool AdditionalForbidden { get; init; }

    /// <summary>The <c>pattern</c> a string must match (compiled once, on first use).</summary>
    public SchemaPattern? Pattern { get; init; }

    /// <summary>Numeric, length, item and property bounds; null when the schema sets none.</summary>
    public SchemaBounds? Bounds { get; init; }

    /// <summary><c>x-kubernetes-list-type</c>: <c>atomic</c>, <c>set</c> (items unique) or <c>map</c> (items unique by <see cref="ListMapKeys"/>).</summary>
    public string? ListType { get; init; }

    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    /// <summary>A scalar <c>default</c>: what the API server fills a missing list-map key field with before comparing.</summary>
    public ScalarValue? Default { get; init; }

    /// <summary>
    /// The <c>default</c> of any type (scalar, object, list) as a read-only tree, or null when there is none (or it is
    /// <c>null</c>): what the API server puts where a custom resource lacks the field (<c>Validation/Defaulting</c>).
    /// </summary>
    public ManifestNode? DefaultValue { get; init; }

    /// <summary><c>nullable: true</c> (or a type list with <c>"null"</c>): a null value is kept, never defaulted or dropped.</summary>
    public bool Nullable { get; init; }

    /// <summary>0: not known yet, 1: no default here or below, 2: some.</summary>
    private int _defaults;

    /// <summary>
    /// Whether this node or one below it (properties, map values, items; a <see cref="Ref"/> is not followed) has a
    /// <see cref="DefaultValue"/>: found on first use, so that defaulting skips what no default can reach.
    /// </summary>
    public bool HasDefaults
    {
        get
        {
            if (_defaults == 0) _defaults = FindDefaults() ? 2 : 1;
            return _defaults == 2;
        }
    }

    private KeyValuePair<string, SchemaNode>[]? _defaulted;

    /// <summary>The declared properties that have a <see cref="DefaultValue"/> (most objects have none): found on first use.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> DefaultedProperties =>
        _defaulted ??= Properties is null ? [] : [.. Properties.Where(p => p.Value.DefaultValue is not null)];

    private bool FindDefaults()
    {
        if (DefaultValue is not null || AdditionalProperties?.HasDefaults == true || Items?.HasDefaults == true) return true;
        if (Properties is null) return false;
        foreach (var property in Properties.Values)
        {
            if (property.HasDefaults) return true;
        }
        return false;
    }

    /// <summary>The <c>x-kubernetes-validations</c> rules of this node.</summary>
    public IReadOnlyList<CelRule> CelRules { get; init; } = [];

    /// <summary>The allowed values, as scalars (their YAML type and canonical text).</summary>
    public IReadOnlyList<ScalarValue>? Enum { get; init; }

    public bool IntOrString { get; init; }

    public bool PreserveUnknownFields { get; init; }

    /// <summary>A reference to a named schema of the same <see cref="SchemaSet"/>, resolved when validating.</summary>
    public string? Ref { get; init; }

    /// <summary>A free-form object: <c>type: object</c> with neither properties nor a value schema (e.g. RawExtension).</summary>
    public bool FreeForm => Type == "object" && Properties is null && AdditionalProperties is null;
}
