using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Builds the <see cref="ManifestNode"/> tree of the documents the light parser leaves to YamlDotNet, straight from
/// YamlDotNet's parser events (not its representation model, which refuses a duplicate key outright): a key written twice
/// keeps its last value, as sigs.k8s.io/yaml's non-strict decoding does, and is recorded on its mapping
/// (<see cref="ManifestMapping.Duplicates"/>) for strict mode to report. An alias becomes the anchored node, shared.
/// Budgets as <see cref="Input.BoundedYaml"/>'s: depth, nodes as written, nodes once aliases are expanded; over one, or
/// malformed, is a <see cref="YamlException"/>.
/// </summary>
internal sealed class YamlEventTree
{
    private readonly IParser _parser;
    private readonly Dictionary<string, (ManifestNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private long _written;
    private long _expanded;
    private Mark _last = Mark.Empty;

    private YamlEventTree(IParser parser) => _parser = parser;

    /// <summary>Keys written twice so far (each also listed on its mapping).</summary>
    private int _duplicates;

    /// <summary>The first document's root of <paramref name="text"/>, or null when it holds no document.</summary>
    public static ManifestNode? Parse(string text) => Parse(text, out _);

    /// <summary>As <see cref="Parse(string)"/>, telling whether some mapping has a key written twice.</summary>
    public static ManifestNode? Parse(string text, out bool duplicates)
    {
        duplicates = false;
        if (text.Length > Input.BoundedYaml.MaxChars) throw new YamlException(Mark.Empty, Mark.Empty, "the document is over the size limit");
        var tree = new YamlEventTree(new Parser(new StringReader(text)));
        try
        {
            var root = tree.FirstDocument();
            duplicates = tree._duplicates > 0;
            return root;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input: one exception type for callers
            throw new YamlException(tree._last, tree._last, "invalid YAML syntax after this point", e);
        }
    }

    private ManifestNode? FirstDocument()
    {
        Next<StreamStart>();
        if (Peek() is StreamEnd) return null;
        Next<DocumentStart>();
        var root = Node(0).Node;
        Next<DocumentEnd>();
        return root;
    }

    private (ManifestNode Node, long Size) Node(int depth)
    {
        var e = Read();
        (ManifestNode Node, long Size) built;
        switch (e)
        {
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out built)) throw new YamlException(e.Start, e.End, "an alias to an anchor that is not defined");
                Count(e, built.Size);
                return built;
            case Scalar s:
                Count(e, 1);
                built = (new ManifestScalar(s.Value, s.Style is ScalarStyle.Plain or ScalarStyle.Any, s.Tag.IsEmpty ? null : s.Tag.Value), 1);
                Anchor(s, built);
                return built;
            case SequenceStart seq:
                built = Sequence(seq, depth + 1);
                break;
            case MappingStart map:
                built = Mapping(map, depth + 1);
                break;
            default:
                throw new YamlException(e.Start, e.End, "a node was expected");
        }
        Anchor((NodeEvent)e, built);
        return built;
    }

    private (ManifestNode, long) Sequence(SequenceStart start, int depth)
    {
        Enter(start, depth);
        var list = new ManifestSequence();
        long size = 1;
        while (Peek() is not SequenceEnd)
        {
            var (item, itemSize) = Node(depth);
            list.Items.Add(item);
            size += itemSize;
        }
        Read();
        return (list, size);
    }

    private (ManifestNode, long) Mapping(MappingStart start, int depth)
    {
        Enter(start, depth);
        var map = new ManifestMapping();
        long size = 1;
        while (Peek() is not MappingEnd)
        {
            var (key, keySize) = Node(depth);
            var (value, valueSize) = Node(depth);
            size += keySize + valueSize;
            var scalarKey = key as ManifestScalar;
            var entry = new ManifestEntry(scalarKey?.Value ?? "", scalarKey is { Tag: null }, value);
            var earlier = entry.Findable ? map.Entries.FindIndex(x => x.Findable && x.Key == entry.Key) : -1;
            if (earlier < 0)
            {
                map.Entries.Add(entry);
                continue;
            }
            map.Entries[earlier] = entry; // the last value wins, as Go's YAML decoding into a map has it
            map.AddDuplicate(entry.Key);
            _duplicates++;
        }
        Read();
        return (map, size);
    }

    private void Enter(ParsingEvent e, int depth)
    {
        if (depth > Input.BoundedYaml.MaxDepth)
        {
            throw new YamlException(e.Start, e.End, $"the document nests deeper than {Input.BoundedYaml.MaxDepth.ToString("N0", CultureInfo.InvariantCulture)} levels");
        }
        Count(e, 1);
    }

    private void Count(ParsingEvent e, long expanded)
    {
        if (++_written > Input.BoundedYaml.MaxNodes) throw new YamlException(e.Start, e.End, "the document has too many nodes");
        _expanded += expanded;
        if (_expanded > Input.BoundedYaml.MaxExpandedNodes) throw new YamlException(e.Start, e.End, "the document's aliases expand to too many nodes");
    }

    private void Anchor(NodeEvent e, (ManifestNode, long) node)
    {
        if (!e.Anchor.IsEmpty) _anchors[e.Anchor.Value] = node;
    }

    /// <summary>Consumes the parser's current event (its look-ahead) and moves on.</summary>
    private ParsingEvent Read()
    {
        var e = Peek() ?? throw new YamlException(_last, _last, "the document ends early");
        _last = e.End;
        _parser.MoveNext();
        return e;
    }

    /// <summary>The next event, not consumed; null at the end of the input.</summary>
    private ParsingEvent? Peek() => _parser.Current ?? (_parser.MoveNext() ? _parser.Current : null);

    private void Next<T>()
        where T : ParsingEvent
    {
        if (Read() is not T) throw new YamlException(_last, _last, $"expected {typeof(T).Name}");
    }
}
