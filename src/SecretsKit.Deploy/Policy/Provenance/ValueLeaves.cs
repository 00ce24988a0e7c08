using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Deploy.Decryption;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>
/// The leaves of a YAML/JSON values file as a tree helm merges (<see cref="ValueNode"/>), read within the YAML loader's
/// budgets; a plain boolean, null or number is marked as such (<see cref="SensitiveLeaves.IsPlainNonString"/>).
/// </summary>
public static class ValueLeaves
{
    /// <summary>The values document as a tree; null when the text is not YAML or its root is not a mapping.</summary>
    internal static ValueNode.Map? Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, yaml);
        }
        catch (YamlException)
        {
            return null;
        }
        return stream.Documents.Count > 0 && Convert(stream.Documents[0].RootNode) is ValueNode.Map map ? map : null;
    }

    /// <summary>
    /// The key paths of a values document's leaves (<c>db.password</c>, <c>hosts[0]</c>), those whose text
    /// <paramref name="keep"/> accepts when it is given; empty when the text is not a values document. Never a value.
    /// </summary>
    public static IEnumerable<string> KeyPaths(string yaml, Func<string, bool>? keep = null)
    {
        if (Read(yaml) is not { } root) return [];
        var paths = new List<string>();
        var stack = new Stack<(string Path, ValueNode? Node)>();
        foreach (var (key, child) in root.Children) stack.Push((key, child));
        while (stack.Count > 0)
        {
            var (path, node) = stack.Pop();
            switch (node)
            {
                case ValueNode.Map map:
                    foreach (var (key, child) in map.Children) stack.Push((path + "." + key, child));
                    break;
                case ValueNode.List list:
                    for (var i = 0; i < list.Items.Count; i++) stack.Push(($"{path}[{i}]", list.Items[i]));
                    break;
                case ValueNode.Leaf leaf:
                    if (keep is null || keep(leaf.Text)) paths.Add(path);
                    break;
                default:
                    if (keep is null) paths.Add(path); // a null value: the key is there
                    break;
            }
        }
        return paths;
    }

    private static ValueNode? Convert(YamlNode node) => node switch
    {
        YamlScalarNode { Value: var v } s when s.Style == ScalarStyle.Plain && YamlScalars.IsNull(v ?? "") => ValueNode.Null,
        YamlScalarNode s => new ValueNode.Leaf(s.Value ?? "", s.Style == ScalarStyle.Plain && SensitiveLeaves.IsPlainNonString(s.Value ?? "")),
        YamlMappingNode m => new ValueNode.Map(m.Children
            .Where(kv => kv.Key is YamlScalarNode { Value: not null })
            .GroupBy(kv => ((YamlScalarNode)kv.Key).Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Convert(g.Last().Value), StringComparer.Ordinal)),
        YamlSequenceNode q => new ValueNode.List(q.Children.Select(Convert).ToList()),
        _ => null, // an alias the loader did not resolve
    };
}
