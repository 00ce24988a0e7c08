using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// sops' YAML reader and writer (yaml.v3): an untagged plain scalar as a tree node, typed by
/// <see cref="YamlScalars.GoYamlV3"/> (the dialect of the tool imitated: sops 3.13 reads and writes with gopkg.in/yaml.v3).
/// </summary>
internal static class YamlScalarResolver
{
    /// <summary>Resolves an untagged plain scalar. <paramref name="node"/> is null for <see cref="YamlResolvedKind.UInt64"/>.</summary>
    public static YamlResolvedKind Resolve(string s, out TreeNode? node)
    {
        var scalar = YamlScalars.GoYamlV3(s);
        node = scalar.Kind switch
        {
            YamlResolvedKind.Null => NullValue.Instance,
            YamlResolvedKind.Bool => new BoolValue(scalar.Bool),
            YamlResolvedKind.Int => new IntValue(scalar.Int),
            YamlResolvedKind.Float => new FloatValue(scalar.Float),
            YamlResolvedKind.Timestamp => scalar.Time,
            YamlResolvedKind.String => new StringValue(s),
            _ => null,
        };
        return scalar.Kind;
    }

    /// <summary>True when yaml.v3's marshaller may write <paramref name="s"/> plain (stringv's canUsePlain).</summary>
    public static bool CanUsePlain(string s) => YamlScalars.GoYamlV3WritesPlain(s);
}
