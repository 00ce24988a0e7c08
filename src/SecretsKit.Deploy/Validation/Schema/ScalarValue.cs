using System.Globalization;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A YAML scalar as Kubernetes' decoder types it (the dialect of kubectl and kubeconform: sigs.k8s.io/yaml, asked of
/// <see cref="YamlScalars.KubernetesJson"/>): quoted and block scalars are strings; plain ones may be null, booleans
/// (<c>true</c>, <c>yes</c>, <c>on</c>, …), integers or floats (a timestamp is a string).
/// <see cref="Text"/> is canonical for comparing against an enum, never printed for a document's value.
/// </summary>
internal readonly struct ScalarValue : IEquatable<ScalarValue>
{
    private readonly string? _text;

    /// <summary>A string scalar whose text is read from the node only when asked for (a block scalar's may not be made yet).</summary>
    private readonly ManifestScalar? _source;

    public ScalarValue(ScalarKind kind, string text)
    {
        Kind = kind;
        _text = text;
    }

    private ScalarValue(ManifestScalar source)
    {
        Kind = ScalarKind.String;
        _source = source;
    }

    public ScalarKind Kind { get; }

    public string Text => _text ?? _source!.Value;

    public static ScalarValue Of(ManifestScalar node)
    {
        if (!node.Plain || node.Tag is "tag:yaml.org,2002:str" or "!!str") return new ScalarValue(node);
        return Resolve(node.Value);
    }

    /// <summary>Whether <see cref="Of"/> types <paramref name="node"/> as null, found without typing it otherwise.</summary>
    public static bool IsNull(ManifestScalar node) =>
        node.Plain && node.Tag is not ("tag:yaml.org,2002:str" or "!!str") && YamlScalars.IsNull(node.Value);

    public bool Equals(ScalarValue other) => Kind == other.Kind && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ScalarValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Text));

    public static bool operator ==(ScalarValue left, ScalarValue right) => left.Equals(right);

    public static bool operator !=(ScalarValue left, ScalarValue right) => !left.Equals(right);

    /// <summary>The type of a plain scalar's text; <see cref="Text"/> canonical (<c>0x1F</c> is <c>31</c>, <c>-.Inf</c> is <c>-.inf</c>).</summary>
    public static ScalarValue Resolve(string text)
    {
        var scalar = YamlScalars.KubernetesJson(text);
        return scalar.Kind switch
        {
            YamlResolvedKind.Null => new ScalarValue(ScalarKind.Null, "null"),
            YamlResolvedKind.Bool => new ScalarValue(ScalarKind.Boolean, scalar.Bool ? "true" : "false"),
            YamlResolvedKind.Int or YamlResolvedKind.UInt64 => new ScalarValue(ScalarKind.Integer, scalar.IntegerText!),
            // .inf and .nan, which YAMLToJSON refuses, keep their YAML spelling so a finding can name them
            YamlResolvedKind.Float when !double.IsFinite(scalar.Float) => new ScalarValue(ScalarKind.Float, GoFloat.FormatYaml(scalar.Float)),
            YamlResolvedKind.Float => new ScalarValue(ScalarKind.Float, scalar.Float.ToString("R", CultureInfo.InvariantCulture)),
            _ => new ScalarValue(ScalarKind.String, text),
        };
    }

    /// <summary>How an error names the type (never the value): "string", "integer", "boolean", ….</summary>
    public string TypeName => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "number",
        _ => "string",
    };
}

/// <summary>The YAML type of a scalar.</summary>
internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}
