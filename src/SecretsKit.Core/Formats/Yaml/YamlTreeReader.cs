using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Tree;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Turns a YAML stream into one <see cref="TreeBranch"/> per document, the way sops' YAML store does over yaml.v3
/// nodes: scalars resolved per yaml.v3, aliases expanded, tags dropped, comments kept as comment items placed
/// where yaml.v3's head/line/foot comments would put them.
/// </summary>
internal sealed class YamlTreeReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    private readonly string _text;
    private readonly IParser _parser;
    private readonly List<PendingComment> _pending = [];
    private readonly Dictionary<string, TreeNode> _anchors = new(StringComparer.Ordinal);
    private int _documentIndex;
    private Mark _lastMark = Mark.Empty;

    private YamlTreeReader(string text)
    {
        _text = text;
        _parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
    }

    /// <summary>Reads every document. Throws <see cref="MalformedFileException"/> (exit 2) on bad input.</summary>
    public static IReadOnlyList<TreeBranch> Read(string text)
    {
        var reader = new YamlTreeReader(text);
        try
        {
            return reader.ReadStream();
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
            var ev = Next();
            if (ev is StreamEnd) break;
            var start = Expect<DocumentStart>(ev);
            documents.Add(ReadDocument(start));
            _documentIndex++;
        }
        if (documents.Count == 0 && _pending.Count > 0)
        {
            var only = new List<TreeItem>();
            FlushAll(only);
            documents.Add(new TreeBranch(only));
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

    private TreeNode ReadNode(ParsingEvent ev) => ev switch
    {
        Scalar sc => Remember(sc.Anchor, ResolveScalar(sc)),
        MappingStart ms => Remember(ms.Anchor, new TreeBranch(ReadMappingItems(ms))),
        SequenceStart ss => Remember(ss.Anchor, ReadSequence(ss)),
        AnchorAlias alias => Lookup(alias),
        _ => throw Malformed($"unexpected {ev.GetType().Name}", ev.Start),
    };

    private List<TreeItem> ReadMappingItems(MappingStart start)
    {
        var column = start.Start.Column;
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
                return items;
            }

            FlushAll(items);
            var key = ReadKey(ev, keys);
            var valueEvent = Next();
            // A line comment after "key:" whose value is a block goes before the key (yaml.v3 key LineComment).
            var keyComments = TakeInline();
            foreach (var c in keyComments) items.Add(TreeItem.Comment(c.Text));
            var value = ReadNode(valueEvent);
            items.Add(new TreeItem(key, value));
            lastItem = items.Count - 1;
        }
    }

    private Sequence ReadSequence(SequenceStart start)
    {
        var column = start.Start.Column;
        var list = new List<TreeNode>();
        var lastItem = -1;
        while (true)
        {
            var ev = Next();
            AttachInline(list, lastItem);
            if (ev is SequenceEnd)
            {
                FlushFoot(column, c => list.Add(c.Value));
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
                node = Remember(sc.Anchor, ResolveScalar(sc));
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
            var shown = ev is Scalar s ? s.Value : "alias";
            throw Malformed($"Tree contains a non-string key ({KindName(node)}) \"{shown}\". Only string keys are supported", ev.Start);
        }
        if (seen is not null)
        {
            if (seen.TryGetValue(raw, out var firstLine))
            {
                throw Malformed($"mapping key \"{raw}\" already defined at line {firstLine}", ev.Start);
            }
            seen[raw] = ev.Start.Line;
        }
        return key.Value;
    }

    private TreeNode ResolveScalar(Scalar sc)
    {
        var tag = sc.Tag.IsEmpty ? string.Empty : sc.Tag.Value;
        if (tag.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            var shortTag = tag[YamlTagPrefix.Length..];
            switch (shortTag)
            {
                case "str":
                    return new StringValue(sc.Value);
                case "binary":
                    return DecodeBinary(sc);
                case "int" or "float" or "bool" or "null" or "timestamp":
                    return ResolveTagged(sc, shortTag);
                default:
                    return new StringValue(sc.Value);
            }
        }
        if (tag.Length > 0 && tag != "!")
        {
            return new StringValue(sc.Value); // an application tag: yaml.v3 keeps the text
        }
        if (sc.Style != ScalarStyle.Plain) return new StringValue(sc.Value);
        return ResolvePlain(sc);
    }

    private TreeNode ResolvePlain(Scalar sc)
    {
        var kind = YamlScalarResolver.Resolve(sc.Value, out var node);
        if (kind == YamlResolvedKind.UInt64 || node is null)
        {
            throw Malformed("unsupported value: integer is too large for a 64-bit signed integer", sc.Start);
        }
        return node;
    }

    private TreeNode ResolveTagged(Scalar sc, string shortTag)
    {
        var kind = YamlScalarResolver.Resolve(sc.Value, out var node);
        var ok = shortTag switch
        {
            "int" => kind == YamlResolvedKind.Int,
            "float" => kind is YamlResolvedKind.Float or YamlResolvedKind.Int,
            "bool" => kind == YamlResolvedKind.Bool,
            "null" => kind == YamlResolvedKind.Null,
            _ => kind == YamlResolvedKind.Timestamp,
        };
        if (!ok || node is null)
        {
            throw Malformed($"cannot decode the value as !!{shortTag}", sc.Start);
        }
        return shortTag == "float" && node is IntValue i ? new FloatValue(i.Value) : node;
    }

    private TreeNode DecodeBinary(Scalar sc)
    {
        var compact = new StringBuilder(sc.Value.Length);
        foreach (var ch in sc.Value)
        {
            if (ch is not ('\r' or '\n')) compact.Append(ch);
        }
        try
        {
            return new BytesValue(Convert.FromBase64String(compact.ToString()));
        }
        catch (FormatException)
        {
            throw Malformed("!!binary value contains invalid base64 data", sc.Start);
        }
    }

    private TreeNode Remember(AnchorName anchor, TreeNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        return node;
    }

    private TreeNode Lookup(AnchorAlias alias) =>
        _anchors.TryGetValue(alias.Value.Value, out var node)
            ? node
            : throw Malformed($"unknown anchor '{alias.Value.Value}' referenced", alias.Start);

    // ---- comments ---------------------------------------------------------------------------------------

    private ParsingEvent Next()
    {
        while (true)
        {
            if (!MoveNext())
            {
                throw new MalformedFileException(ExitCodes.CouldNotReadInputFile, "Error unmarshaling input YAML: unexpected end of stream");
            }
            var ev = _parser.Current!;
            if (ev is Comment comment)
            {
                _pending.Add(new PendingComment(RawCommentText(comment), comment.IsInline, comment.Start.Column));
                continue;
            }
            return ev;
        }
    }

    // YamlDotNet's scanner throws InvalidOperationException on some malformed input (e.g. a plain scalar
    // inside an unclosed flow sequence); report it like any other syntax error, at the last good position.
    private bool MoveNext()
    {
        try
        {
            var moved = _parser.MoveNext();
            if (moved) _lastMark = _parser.Current!.End;
            return moved;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new MalformedFileException(
                ExitCodes.CouldNotReadInputFile,
                $"Error unmarshaling input YAML: invalid syntax after line {_lastMark.Line}, column {_lastMark.Column}",
                inner: ex);
        }
    }

    /// <summary>The text after <c>#</c> exactly as written (YamlDotNet trims it; sops keeps the leading space).</summary>
    private string RawCommentText(Comment comment)
    {
        var index = (int)comment.Start.Index;
        if (index < 0 || index >= _text.Length || _text[index] != '#') return comment.Value;
        var end = index + 1;
        while (end < _text.Length && _text[end] is not ('\n' or '\r')) end++;
        return _text[(index + 1)..end];
    }

    // A line comment after a scalar value is an inline comment placed before its key; after a (flow)
    // collection yaml.v3 stores it as the collection's LineComment, which sops puts first inside it.
    private void AttachInline(List<TreeItem> items, int lastItem)
    {
        var inline = TakeInline();
        if (inline.Count == 0) return;
        if (lastItem >= 0 && items[lastItem].Value is TreeBranch branch)
        {
            var inner = inline.Select(c => TreeItem.Comment(c.Text)).Concat(branch.Items).ToList();
            items[lastItem] = items[lastItem] with { Value = new TreeBranch(inner) };
            return;
        }
        if (lastItem >= 0 && items[lastItem].Value is Sequence sequence)
        {
            var inner = inline.Select(c => (TreeNode)new CommentValue(c.Text)).Concat(sequence.Items).ToList();
            items[lastItem] = items[lastItem] with { Value = new Sequence(inner) };
            return;
        }
        var at = lastItem >= 0 ? lastItem : items.Count;
        foreach (var c in inline) items.Insert(at++, TreeItem.Comment(c.Text, inline: lastItem >= 0));
    }

    private void AttachInline(List<TreeNode> list, int lastItem)
    {
        var inline = TakeInline();
        if (inline.Count == 0) return;
        var at = lastItem >= 0 ? lastItem : list.Count;
        foreach (var c in inline) list.Insert(at++, new CommentValue(c.Text, lastItem >= 0));
    }

    private List<PendingComment> TakeInline()
    {
        var taken = new List<PendingComment>();
        while (_pending.Count > 0 && _pending[0].Inline)
        {
            taken.Add(_pending[0]);
            _pending.RemoveAt(0);
        }
        return taken;
    }

    private List<PendingComment> TakeAll()
    {
        var taken = new List<PendingComment>(_pending);
        _pending.Clear();
        return taken;
    }

    private void FlushAll(List<TreeItem> items)
    {
        foreach (var c in TakeAll()) items.Add(TreeItem.Comment(c.Text));
    }

    // Comments before a collection's end belong to it when written at (or right of) its column; the rest
    // stay pending for an enclosing collection (yaml.v3 makes them foot/head comments at that level).
    private void FlushFoot(long column, Action<TreeItem> add)
    {
        var keep = new List<PendingComment>();
        foreach (var c in _pending)
        {
            if (c.Inline || c.Column >= column) add(TreeItem.Comment(c.Text));
            else keep.Add(c);
        }
        _pending.Clear();
        _pending.AddRange(keep);
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

    private sealed record PendingComment(string Text, bool Inline, long Column);
}
