using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Turns a YAML stream into one <see cref="TreeBranch"/> per document, the way sops' YAML store does over yaml.v3
/// nodes: scalars resolved per yaml.v3, aliases expanded, tags dropped, comments kept as comment items placed
/// where yaml.v3's head/line/foot comments would put them.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    private readonly string _text;
    private readonly IParser _parser;
    private readonly List<PendingComment> _pending = [];
    // Each anchor's node and its weight: how many nodes an alias to it repeats (the budget charges them per alias).
    private readonly Dictionary<string, (TreeNode Node, long Weight)> _anchors = new(StringComparer.Ordinal);
    private readonly DocumentBudget _budget = new("YAML");
    private int _documentIndex;
    private Mark _lastMark = Mark.Empty;
    // With folded values: how many markers came back, and which open collections are flow ones.
    private readonly FoldedText? _folded;
    private int _unfolded;
    private Stack<bool>? _flow;
    private int _flowDepth;

    private YamlTreeReader(string text, FoldedText? folded)
    {
        _text = text;
        _folded = folded;
        _parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
    }

    /// <summary>Reads every document. Throws <see cref="MalformedFileException"/> (exit 2) on bad input.</summary>
    public static IReadOnlyList<TreeBranch> Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Reads every document of valid UTF-8 without a byte order mark: with <see cref="YamlFastReader"/> when the text is
    /// in its subset, else with YamlDotNet, the whole text decoded only when folding does not apply
    /// (<see cref="YamlFoldedValues"/>). Throws <see cref="MalformedFileException"/> (exit 2) on bad input.
    /// </summary>
    public static IReadOnlyList<TreeBranch> Read(ReadOnlyMemory<byte> utf8)
    {
        if (YamlFastReader.TryRead(utf8.Span) is { } fast) return new List<TreeBranch> { fast };
        return YamlFoldedValues.TryFold(utf8) is { } folded ? Read(folded) : Read(Encoding.UTF8.GetString(utf8.Span), null);
    }

    /// <summary>
    /// Reads a folded document (<see cref="YamlFoldedValues.TryFold(ReadOnlyMemory{byte})"/>); its original text when
    /// a folded value does not read back as a whole value or the text is malformed (the original then decides, and words
    /// any error). When every value was read ahead (<see cref="FoldedText.IsSelfContained"/>) the input bytes are not
    /// needed here: a caller that let go of them keeps them out of the parse's memory.
    /// </summary>
    public static IReadOnlyList<TreeBranch> Read(FoldedText folded) => TryRead(folded) ?? Read(folded.OriginalText(), null);

    internal static IReadOnlyList<TreeBranch>? ReadFolded(string text) => ReadFolded(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The documents read with encrypted values folded (<see cref="YamlFoldedValues"/>); null when nothing folds, a
    /// folded value does not read back as a whole value, or the text is malformed (the original text then decides, and
    /// words any error).
    /// </summary>
    internal static IReadOnlyList<TreeBranch>? ReadFolded(ReadOnlyMemory<byte> utf8) =>
        YamlFoldedValues.TryFold(utf8) is { } folded ? TryRead(folded) : null;

    private static IReadOnlyList<TreeBranch>? TryRead(FoldedText folded)
    {
        try
        {
            return Read(folded.Text, folded);
        }
        catch (Exception e) when (e is FoldedText.MismatchException or SecretsKitException)
        {
            return null;
        }
    }

    /// <summary>Reads the text as it is, without folding encrypted values (what <see cref="Read(string)"/> must always equal).</summary>
    internal static IReadOnlyList<TreeBranch> ReadUnfolded(string text) => Read(text, null);

    private static IReadOnlyList<TreeBranch> Read(string text, FoldedText? folded)
    {
        var reader = new YamlTreeReader(text, folded);
        try
        {
            var documents = reader.ReadStream();
            if (folded is not null && reader._unfolded != folded.Count) throw new FoldedText.MismatchException();
            return documents;
        }
        catch (YamlException ex)
        {
            throw new MalformedFileException(
                ExitCodes.CouldNotReadInputFile,
                $"Error unmarshaling input YAML: {Problem(ex)} (line {ex.Start.Line}, column {ex.Start.Column})",
                inner: ex);
        }
    }

    private IReadOnlyList<TreeBranch> ReadStream()
    {
        var documents = new List<TreeBranch>();
        Expect<StreamStart>(Next());
        while (true)
        {
            // YamlDotNet ends without STREAM-END when a comment follows an explicit "..." document end.
            var ev = TryNext();
            if (ev is null or StreamEnd) break;
            var start = Expect<DocumentStart>(ev);
            documents.Add(ReadDocument(start));
            _documentIndex++;
        }
        if (_pending.Count > 0)
        {
            // Comments after the last document end (or in a stream with no document) stay with the last branch.
            var items = documents.Count > 0 ? [.. documents[^1].Items] : new List<TreeItem>();
            FlushAll(items);
            if (documents.Count > 0) documents[^1] = new TreeBranch(items);
            else documents.Add(new TreeBranch(items));
        }
        return documents;
    }

    private TreeBranch ReadDocument(DocumentStart start)
    {
        var ev = Next();
        List<TreeItem> items;
        switch (ev)
        {
            case MappingStart ms:
                items = ReadMappingItems(ms);
                break;
            case Scalar sc when sc.Value.Length == 0 && sc.Style == ScalarStyle.Plain && sc.Tag.IsEmpty:
                items = [];
                break;
            case SequenceStart:
                throw Malformed("YAML documents that are sequences are not supported", ev.Start);
            case AnchorAlias alias when Lookup(alias) is TreeBranch aliased:
                items = [.. aliased.Items];
                break;
            case DocumentEnd:
                throw Malformed("YAML document has no content", start.Start);
            default:
                throw Malformed("YAML documents that are values are not supported", ev.Start);
        }
        var end = Next();
        Expect<DocumentEnd>(end);
        FlushAll(items);
        return new TreeBranch(items);
    }

    /// <param name="keyColumn">Column of the mapping key this node is the value of, or -1.</param>
    private TreeNode ReadNode(ParsingEvent ev, long keyColumn = -1)
    {
        var before = _budget.Nodes;
        switch (ev)
        {
            case Scalar sc:
                _budget.Node();
                return Remember(sc.Anchor, ResolveScalar(sc), before);
            case MappingStart ms:
                return Remember(ms.Anchor, new TreeBranch(ReadMappingItems(ms)), before);
            case SequenceStart ss:
                return Remember(ss.Anchor, ReadSequence(ss, keyColumn), before);
            case AnchorAlias alias:
                return Lookup(alias);
            default:
                throw Malformed($"unexpected {ev.GetType().Name}", ev.Start);
        }
    }

    private List<TreeItem> ReadMappingItems(MappingStart start)
    {
        var column = start.Start.Column;
        _budget.Node();
        _budget.Enter();
        var items = new List<TreeItem>();
        var keys = _documentIndex == 0 ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
        var lastItem = -1;
        while (true)
        {
            var ev = Next();
            AttachInline(items, lastItem);
            if (ev is MappingEnd)
            {
                FlushFoot(column, c => items.Add(c));
                _budget.Leave();
                return items;
            }

            FlushAll(items);
            var key = ReadKey(ev, keys);
            var valueEvent = Next();
            // A line comment after "key:" whose value is a block goes before the key (yaml.v3 key LineComment).
            var keyComments = TakeInline();
            foreach (var c in keyComments) items.Add(TreeItem.Comment(c.Text));
            var value = ReadNode(valueEvent, column);
            items.Add(new TreeItem(key, value));
            lastItem = items.Count - 1;
            if (items.Count == LargeMapping) ReserveForFoldedValues(items, keys);
        }
    }

    // A mapping this long may hold most of a large file's values.
    private const int LargeMapping = 4096;

    /// <summary>
    /// Grows a long mapping's list and key index once to what the values still folded suggest, instead of doubling them
    /// (each doubling leaves the old large arrays behind until a full collection; a 1M-key file's index alone is ~30 MB).
    /// </summary>
    private void ReserveForFoldedValues(List<TreeItem> items, Dictionary<string, long>? keys)
    {
        if (_folded is null) return;
        var expected = items.Count + (_folded.Count - _unfolded);
        items.EnsureCapacity(expected);
        keys?.EnsureCapacity(expected);
    }

    private Sequence ReadSequence(SequenceStart start, long keyColumn)
    {
        // An indentless sequence ("key:\n- a") starts in its key's column; a comment in that column before the
        // next key then belongs to that key, not to the sequence, so only deeper comments are trailing here.
        var column = start.Start.Column == keyColumn ? start.Start.Column + 1 : start.Start.Column;
        _budget.Node();
        _budget.Enter();
        var list = new List<TreeNode>();
        var lastItem = -1;
        while (true)
        {
            var ev = Next();
            AttachInline(list, lastItem);
            if (ev is SequenceEnd)
            {
                FlushFoot(column, c => list.Add(c.Value));
                _budget.Leave();
                return new Sequence(list);
            }
            foreach (var c in TakeAll()) list.Add(new CommentValue(c.Text));
            list.Add(ReadNode(ev));
            lastItem = list.Count - 1;
        }
    }

    private string ReadKey(ParsingEvent ev, Dictionary<string, long>? seen)
    {
        string raw;
        TreeNode node;
        switch (ev)
        {
            case Scalar sc:
                raw = sc.Value;
                if (_folded is not null && raw.Contains(FoldedText.Marker, StringComparison.Ordinal)) throw new FoldedText.MismatchException();
                var before = _budget.Nodes;
                _budget.Node();
                node = Remember(sc.Anchor, ResolveScalar(sc), before);
                break;
            case AnchorAlias alias:
                node = Lookup(alias);
                raw = node is StringValue sv ? sv.Value : string.Empty;
                break;
            default:
                throw Malformed("Only string keys are supported; found a mapping or sequence used as a key", ev.Start);
        }
        if (node is not StringValue key)
        {
            var shown = ev is Scalar s ? Bounded(s.Value) : "alias";
            throw Malformed($"Tree contains a non-string key ({KindName(node)}) \"{shown}\". Only string keys are supported", ev.Start);
        }
        if (seen is not null)
        {
            if (seen.TryGetValue(raw, out var firstLine))
            {
                throw Malformed($"mapping key \"{Bounded(raw)}\" already defined at line {firstLine}", ev.Start);
            }
            seen[raw] = ev.Start.Line;
        }
        return key.Value;
    }

    /// <param name="before">The budget's node count before the node was read: its weight is what was read since.</param>
    private TreeNode Remember(AnchorName anchor, TreeNode node, long before)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = (node, _budget.Nodes - before);
        return node;
    }

    /// <summary>The aliased node, shared rather than copied; the budget charges every node it repeats.</summary>
    private TreeNode Lookup(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            throw Malformed($"unknown anchor '{Bounded(alias.Value.Value)}' referenced", alias.Start);
        }
        _budget.Alias(anchored.Weight);
        return anchored.Node;
    }

    private static string KindName(TreeNode node) => node switch
    {
        IntValue => "int",
        FloatValue => "float64",
        BoolValue => "bool",
        NullValue => "nil",
        TimeValue => "time.Time",
        BytesValue => "[]byte",
        _ => node.GetType().Name,
    };

    private static string Bounded(string text) => Echo.Bounded(text);

    private static T Expect<T>(ParsingEvent ev)
        where T : ParsingEvent =>
        ev as T ?? throw Malformed($"expected {typeof(T).Name} but found {ev.GetType().Name}", ev.Start);

    private static MalformedFileException Malformed(string problem, Mark at) =>
        new(ExitCodes.CouldNotReadInputFile, $"Error unmarshaling input YAML: {problem} (line {at.Line}, column {at.Column})");

    private static string Problem(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
