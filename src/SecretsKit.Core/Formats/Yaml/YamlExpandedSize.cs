using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// The size of a YAML tree with its aliases expanded, computed without expanding them: each distinct node's size is
/// computed once, iteratively (a long chain of aliases cannot overflow the stack). A node that contains itself (an alias
/// to an enclosing anchor) is refused, since every walk of it would never end.
/// </summary>
public static class YamlExpandedSize
{
    /// <summary>Refuses <paramref name="root"/> with a <see cref="YamlException"/> when it expands past <paramref name="maxNodes"/> nodes.</summary>
    public static void Check(YamlNode root, long maxNodes)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sizes = new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance);
        var open = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(YamlNode Node, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (!expanded)
            {
                if (sizes.ContainsKey(node)) continue;
                if (!open.Add(node)) throw new YamlException(node.Start, node.End, "an alias refers to a node that contains it");
                stack.Push((node, true));
                foreach (var child in Children(node))
                {
                    if (open.Contains(child)) throw new YamlException(child.Start, child.End, "an alias refers to a node that contains it");
                    if (!sizes.ContainsKey(child)) stack.Push((child, false));
                }
                continue;
            }
            long size = 1;
            foreach (var child in Children(node))
            {
                size += sizes[child];
                if (size > maxNodes)
                {
                    throw new YamlException(node.Start, node.End,
                        $"its aliases expand to more than {maxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes");
                }
            }
            open.Remove(node);
            sizes[node] = size;
        }
    }

    private static IEnumerable<YamlNode> Children(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.SelectMany(kv => new[] { kv.Key, kv.Value }),
        YamlSequenceNode s => s.Children,
        _ => [],
    };
}
