using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// YamlDotNet's representation model as a <see cref="ManifestNode"/> tree, for the documents the light parser leaves
/// to YamlDotNet. A node reached twice (through aliases) becomes one shared node, so the tree stays as small as YamlDotNet's.
/// </summary>
internal static class YamlDotNetTree
{
    public static ManifestNode Convert(YamlNode root) =>
        Convert(root, new Dictionary<YamlNode, ManifestNode>(ReferenceEqualityComparer.Instance));

    private static ManifestNode Convert(YamlNode node, Dictionary<YamlNode, ManifestNode> seen)
    {
        if (seen.TryGetValue(node, out var done)) return done;
        switch (node)
        {
            case YamlScalarNode s:
                return new ManifestScalar(s.Value ?? "", s.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any,
                    s.Tag.IsEmpty ? null : s.Tag.Value);
            case YamlSequenceNode seq:
                var list = new ManifestSequence();
                seen[node] = list;
                foreach (var item in seq.Children) list.Items.Add(Convert(item, seen));
                return list;
            case YamlMappingNode map:
                var mapping = new ManifestMapping();
                seen[node] = mapping;
                foreach (var (k, v) in map.Children)
                {
                    var key = k as YamlScalarNode;
                    mapping.Entries.Add(new ManifestEntry(key?.Value ?? "", key is not null && key.Tag.IsEmpty, Convert(v, seen)));
                }
                return mapping;
            default:
                return ManifestAlias.Instance;
        }
    }
}
