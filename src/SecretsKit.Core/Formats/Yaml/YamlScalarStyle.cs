namespace SecretsKit.Core.Formats.Yaml;

/// <summary>How a scalar is written (libyaml <c>yaml_scalar_style_t</c>, without folded which sops never produces).</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}
