using System.Globalization;
using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Input;

/// <summary>
/// Loads YAML that an attacker may have written (a helmfile state, an environment's values, a rendered manifest, a CRD
/// given to <c>validate</c>) into YamlDotNet's representation model within budgets: the text's size, its nesting depth
/// (the model is built recursively, so depth is what would overflow the stack), its node count, and the nodes its
/// aliases stand for once expanded (an alias is a shared node in the model, but every consumer that walks it, converts
/// it or writes it out pays the expanded size). Over a budget is a <see cref="YamlException"/> at the offending node.
/// </summary>
internal static class BoundedYaml
{
    /// <summary>Largest text read (64 MiB): far above any state, values file or rendered chart.</summary>
    public const int MaxChars = 64 << 20;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public const int MaxDepth = 1_000;

    /// <summary>Nodes as written (scalars, mappings, sequences, aliases).</summary>
    public const long MaxNodes = 1_000_000;

    /// <summary>Nodes once every alias is expanded, as a consumer walking the tree sees them.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    public static YamlStream Load(string text)
    {
        if (text.Length > MaxChars)
        {
            throw new YamlException(Mark.Empty, Mark.Empty, $"the document is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, over the limit of {MaxChars.ToString("N0", CultureInfo.InvariantCulture)}");
        }
        var stream = new YamlStream();
        var counting = new Counting(new Parser(new StringReader(text)));
        try
        {
            stream.Load(counting);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new YamlException(counting.Last, counting.Last, "invalid YAML syntax after this point", e);
        }
        foreach (var doc in stream.Documents) CheckExpandedSize(doc.RootNode);
        return stream;
    }

    /// <summary>
    /// Counts the nodes of <paramref name="root"/> with aliases expanded, without expanding them: each distinct node's
    /// size is computed once (iteratively, so a long chain of aliases cannot overflow the stack either). A node that
    /// contains itself (an alias to an enclosing anchor) is refused.
    /// </summary>
    public static void CheckExpandedSize(YamlNode root)
    {
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
                if (size > MaxExpandedNodes)
                {
                    throw new YamlException(node.Start, node.End,
                        $"its aliases expand to more than {MaxExpandedNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes");
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

    /// <summary>The parser, counting depth and nodes as the model reads its events, and remembering the last position.</summary>
    private sealed class Counting(IParser inner) : IParser
    {
        private int _depth;
        private long _nodes;

        public Mark Last { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            if (inner.Current is not { } current) return true;
            Last = current.End;
            switch (current)
            {
                case MappingStart or SequenceStart:
                    if (++_depth > MaxDepth)
                    {
                        throw new YamlException(current.Start, current.End, $"the document nests deeper than {MaxDepth.ToString("N0", CultureInfo.InvariantCulture)} levels");
                    }
                    Count(current);
                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
                case Scalar or AnchorAlias:
                    Count(current);
                    break;
            }
            return true;
        }

        private void Count(ParsingEvent current)
        {
            if (++_nodes > MaxNodes)
            {
                throw new YamlException(current.Start, current.End, $"the document has more than {MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes");
            }
        }
    }
}
