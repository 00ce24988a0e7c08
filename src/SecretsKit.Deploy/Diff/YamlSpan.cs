using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Diff;

/// <summary>Line positions of parsed YAML nodes (0-based indexes into the document's lines).</summary>
internal static class YamlSpan
{
    public static int FirstLine(YamlNode node) => (int)node.Start.Line - 1;

    /// <summary>
    /// The last line a node occupies. A block scalar ends where the next token starts (column 1 of a later line),
    /// so that line is not its own; collections end with their last descendant.
    /// </summary>
    public static int LastLine(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s:
                var end = s.End.Column == 1 && s.End.Line > s.Start.Line ? s.End.Line - 1 : s.End.Line;
                return (int)end - 1;
            case YamlMappingNode m:
                var lastOfMapping = FirstLine(m);
                foreach (var (k, v) in m.Children) lastOfMapping = Math.Max(lastOfMapping, Math.Max(LastLine(k), LastLine(v)));
                return lastOfMapping;
            case YamlSequenceNode q:
                var lastOfSequence = FirstLine(q);
                foreach (var child in q.Children) lastOfSequence = Math.Max(lastOfSequence, LastLine(child));
                return lastOfSequence;
            default:
                return FirstLine(node);
        }
    }

    /// <summary>The text of <paramref name="line"/> before column <paramref name="column"/> (1-based), clamped.</summary>
    public static string Before(string line, long column) => line[..(int)Math.Clamp(column - 1, 0, line.Length)];

    public static string Indent(string line) => line[..(line.Length - line.TrimStart().Length)];

    /// <summary>A comparable rendering of a node's values (scalars in order, with structure).</summary>
    public static string Canonical(YamlNode? node) => node switch
    {
        null => "\0missing",
        YamlScalarNode s => "s" + s.Value,
        YamlMappingNode m => "{" + string.Join("\0", m.Children.Select(c => Canonical(c.Key) + "\u0001" + Canonical(c.Value))) + "}",
        YamlSequenceNode q => "[" + string.Join("\0", q.Children.Select(Canonical)) + "]",
        _ => "?",
    };

    /// <summary>Every node of a document by its path (<c>.spec.containers[0].image</c>).</summary>
    public static Dictionary<string, YamlNode> Index(YamlNode? root)
    {
        var index = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (root is not null) Add(root, "", index);
        return index;
    }

    public static string ChildPath(string path, YamlNode key) => path + "." + ((key as YamlScalarNode)?.Value ?? "?");

    public static string ItemPath(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static void Add(YamlNode node, string path, Dictionary<string, YamlNode> index)
    {
        index[path] = node;
        switch (node)
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children) Add(v, ChildPath(path, k), index);
                break;
            case YamlSequenceNode q:
                for (var i = 0; i < q.Children.Count; i++) Add(q.Children[i], ItemPath(path, i), index);
                break;
        }
    }
}
