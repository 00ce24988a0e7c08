using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Input;

/// <summary>
/// Resolves YAML merge keys (<c>&lt;&lt;: *anchor</c>, <c>&lt;&lt;: [*a, *b]</c>) as yaml.v2 and yaml.v3 do when helmfile
/// decodes a state: the keys of the merged mapping(s) are added where the <c>&lt;&lt;</c> key stood, a key written in the
/// mapping itself wins over a merged one, and of several merged mappings the earlier wins. A quoted <c>"&lt;&lt;"</c> is an
/// ordinary key. The value must be a mapping or a list of mappings. Mappings are changed in place, each once, so an
/// anchored mapping merged into many places is resolved once and stays shared (its size was checked by
/// <see cref="BoundedYaml"/>).
/// </summary>
internal static class YamlMergeKeys
{
    public static void Resolve(YamlNode root) => Resolve(root, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance), 0);

    private static void Resolve(YamlNode node, HashSet<YamlNode> done, int depth)
    {
        if (!done.Add(node)) return;
        if (depth > BoundedYaml.MaxDepth * 4 || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new YamlException(node.Start, node.End, "merge keys and aliases nest too deeply");
        }
        switch (node)
        {
            case YamlSequenceNode seq:
                foreach (var item in seq.Children) Resolve(item, done, depth + 1);
                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    Resolve(key, done, depth + 1);
                    Resolve(value, done, depth + 1);
                }
                if (map.Children.Keys.Any(IsMergeKey)) Merge(map);
                break;
        }
    }

    private static bool IsMergeKey(YamlNode key) =>
        key is YamlScalarNode { Value: "<<", Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) };

    private static void Merge(YamlMappingNode map)
    {
        var entries = map.Children.ToList();
        var explicitKeys = entries.Where(e => !IsMergeKey(e.Key)).Select(e => e.Key).ToHashSet();
        var added = new HashSet<YamlNode>();
        map.Children.Clear();
        foreach (var (key, value) in entries)
        {
            if (!IsMergeKey(key))
            {
                map.Children.Add(key, value);
                continue;
            }
            foreach (var source in Sources(value))
            {
                foreach (var (k, v) in source.Children)
                {
                    if (explicitKeys.Contains(k) || !added.Add(k)) continue;
                    map.Children.Add(k, v);
                }
            }
        }
    }

    private static IEnumerable<YamlMappingNode> Sources(YamlNode value) => value switch
    {
        YamlMappingNode m => [m],
        YamlSequenceNode s when s.Children.All(c => c is YamlMappingNode) => s.Children.Cast<YamlMappingNode>(),
        _ => throw new YamlException(value.Start, value.End, "the value of a merge key (<<) must be a mapping or a list of mappings"),
    };
}
