namespace SecretsKit.Core.Formats.Yaml;

internal enum YamlNodeKind
{
    Document,
    Mapping,
    Sequence,
    Scalar,
}

/// <summary>How a scalar is written (libyaml <c>yaml_scalar_style_t</c>, without folded which sops never produces).</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// <summary>
/// The emit-side node, shaped like yaml.v3's <c>yaml.Node</c>: what sops builds from the tree before encoding
/// (content, style, optional tag, and head/line/foot comments as <c>#</c>-prefixed lines joined by newlines).
/// </summary>
internal sealed class YamlNode
{
    public YamlNode(YamlNodeKind kind) => Kind = kind;

    public YamlNodeKind Kind { get; }

    public string Value { get; set; } = string.Empty;

    /// <summary>Short tag kept on output (only <c>!!binary</c> survives yaml.v3's tag dropping), else null.</summary>
    public string? Tag { get; set; }

    public YamlScalarStyle Style { get; set; }

    public string HeadComment { get; set; } = string.Empty;

    public string LineComment { get; set; } = string.Empty;

    public string FootComment { get; set; } = string.Empty;

    /// <summary>Children (made on first use: most nodes are scalars and never have any).</summary>
    public List<YamlNode> Content => _content ??= [];

    private List<YamlNode>? _content;
}
