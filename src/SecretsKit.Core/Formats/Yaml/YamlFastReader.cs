using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// A reader of its own for the YAML an encrypted file is written in (sops' and SecretsKit's emitter's output), tried
/// before <see cref="YamlTreeReader"/>: YamlDotNet's scanner and parser cost a cold native decrypt of a 50-key file a
/// fifth of its instructions. It gives exactly the tree <see cref="YamlTreeReader"/> gives, or null: anything outside
/// its subset is left to YamlDotNet, which then decides and words every error.
/// <para>
/// The subset: one document of at most <see cref="MaxInput"/> bytes of printable UTF-8 (LF line breaks, no tab, no
/// control character, no YAML line break but LF), an optional first line <c>---</c>, whose top level is a block mapping;
/// block mappings of plain keys (<c>key:</c> then a space or the line's end; no key twice in a mapping; every key a string
/// as yaml.v3 resolves it); nested block mappings and block sequences (indented, or at their key's column) of scalars and
/// of block mappings (<c>- key: value</c>); empty flow collections <c>[]</c> and <c>{}</c>; single-line plain scalars
/// (resolved by <see cref="YamlScalarResolver"/>), single-line single-quoted scalars, single-line double-quoted scalars without a backslash, and literal
/// block scalars <c>|</c> and <c>|-</c> (no indentation indicator, the first line not empty, no line of spaces only);
/// full-line comments directly above a key or item, at its column (no blank line between), placed before it as
/// YamlDotNet's comment events and <see cref="YamlTreeReader"/>'s placement put them, and at the document's end at
/// column 0. Everything else (flow content, anchors, aliases, tags, directives, more documents, comments after a value,
/// elsewhere or followed by a blank line, multi-line plain or quoted scalars, folded scalars, complex or quoted keys,
/// CRLF, a nesting deeper than <see cref="MaxDepth"/>, …) falls back.
/// </para>
/// </summary>
internal ref partial struct YamlFastReader
{
    /// <summary>Larger documents are left to the folded path, whose memory for large files is measured and tuned.</summary>
    public const int MaxInput = 1 << 20;

    /// <summary>Deepest nesting read here: far below <see cref="DocumentBudget.MaxDepth"/> and any stack limit.</summary>
    private const int MaxDepth = 256;

    // A mapping of more keys than this checks duplicates through a dictionary rather than by a scan of its items.
    private const int LinearKeyCheck = 16;

    // What Seek found: the next entry of the collection (at _pos), the collection's end, or text outside the subset.
    private const int Fail = -1;
    private const int End = 0;
    private const int Entry = 1;

    private readonly ReadOnlySpan<byte> _text;
    // Where the entry being read starts: a line's first non-space byte, or the key after a sequence item's "- ".
    private int _pos;
    private long _nodes;

    private YamlFastReader(ReadOnlySpan<byte> text)
    {
        _text = text;
    }

    /// <summary>
    /// The document's tree, exactly as <see cref="YamlTreeReader.ReadUnfolded"/> reads it, or null when the text is
    /// outside the subset (the caller then reads it with YamlDotNet). <paramref name="utf8"/> is valid UTF-8 without a
    /// byte order mark.
    /// </summary>
    public static TreeBranch? TryRead(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxInput || !IsPlainText(utf8)) return null;
        var reader = new YamlFastReader(utf8);
        return reader.ReadDocument();
    }

    private TreeBranch? ReadDocument()
    {
        if (_text.StartsWith("---\n"u8)) _pos = 4;
        var first = PeekEntry(_pos, out var column);
        if (first < 0) return null;
        var items = ReadMapping(column, 1, midLine: false);
        if (items is null || !ReadTrailingComments(items)) return null;
        return new TreeBranch(items);
    }

    /// <summary>Comment lines at column 0 after the last entry, which the existing reader appends to the top level.</summary>
    private readonly bool ReadTrailingComments(List<TreeItem> items)
    {
        for (var at = _pos; at < _text.Length; at = NextLine(at))
        {
            if (!IsCommentLine(at, out var indent) || indent != 0) return false;
            items.Add(TreeItem.Comment(CommentText(at)));
        }
        return true;
    }

    /// <summary>A block mapping at <paramref name="column"/>; with <paramref name="midLine"/> its first key is at <see cref="_pos"/> already.</summary>
    private List<TreeItem>? ReadMapping(int column, int depth, bool midLine)
    {
        if (depth > MaxDepth || !CountNode()) return null;
        var items = new List<TreeItem>();
        Dictionary<string, long>? keys = null;
        for (var first = midLine; ; first = false)
        {
            if (!first)
            {
                var found = Seek(column, items, null);
                if (found == Fail) return null;
                if (found == End) break;
            }
            if (!ReadEntry(column, depth, items, ref keys)) return null;
        }
        return items.Count > 0 ? items : null;
    }

    private bool ReadEntry(int column, int depth, List<TreeItem> items, ref Dictionary<string, long>? keys)
    {
        var lineEnd = LineEnd(_pos);
        var colon = KeyEnd(_pos, lineEnd);
        if (colon < 0) return false;
        var key = Encoding.UTF8.GetString(_text[_pos..colon]);
        if (YamlScalarResolver.Resolve(key, out _) != YamlResolvedKind.String || IsDuplicate(items, key, ref keys) || !CountNode())
        {
            return false;
        }
        var from = SkipSpaces(colon + 1, lineEnd);
        TreeNode? value;
        if (from == lineEnd)
        {
            _pos = NextLine(lineEnd);
            value = ReadBlockValue(column, depth);
        }
        else
        {
            value = ReadScalar(from, lineEnd, column);
        }
        if (value is null) return false;
        items.Add(new TreeItem(key, value));
        return true;
    }

    /// <summary>The value of a key that ends its line: a nested mapping or sequence, an indentless sequence, or null.</summary>
    private TreeNode? ReadBlockValue(int column, int depth)
    {
        var next = PeekEntry(_pos, out var indent);
        if (next >= 0 && indent > column)
        {
            if (IsItem(next + indent)) return ReadSequence(indent, depth + 1);
            return ReadMapping(indent, depth + 1, midLine: false) is { } items ? new TreeBranch(items) : null;
        }
        if (next >= 0 && indent == column && IsItem(next + indent)) return ReadSequence(column, depth + 1);
        return CountNode() ? ResolvePlain(string.Empty) : null;
    }

    private Sequence? ReadSequence(int column, int depth)
    {
        if (depth > MaxDepth || !CountNode()) return null;
        var list = new List<TreeNode>();
        while (true)
        {
            var found = Seek(column, null, list);
            if (found == Fail) return null;
            if (found == End) break;
            var lineEnd = LineEnd(_pos);
            var from = SkipSpaces(_pos + 1, lineEnd);
            if (from == lineEnd) return null;
            var item = ReadItem(from, lineEnd, column, depth);
            if (item is null) return null;
            list.Add(item);
        }
        return list.Count > 0 ? new Sequence(list) : null;
    }

    /// <summary>A sequence item's value starting at <paramref name="from"/>: a block mapping (<c>- key: value</c>) or a scalar.</summary>
    private TreeNode? ReadItem(int from, int lineEnd, int column, int depth)
    {
        if (KeyEnd(from, lineEnd) < 0) return ReadScalar(from, lineEnd, column);
        var keyColumn = column + (from - _pos);
        _pos = from;
        return ReadMapping(keyColumn, depth + 1, midLine: true) is { } items ? new TreeBranch(items) : null;
    }

    /// <summary>
    /// From the line at <see cref="_pos"/>: skips blank lines, and finds the next entry of the collection at
    /// <paramref name="column"/> (a key, or with <paramref name="list"/> a <c>-</c> item), adding the comment lines
    /// directly above it; or its end (a line to the left, an indentless sequence's non-item line, the text's end), the
    /// comments then left for the enclosing collection.
    /// </summary>
    private int Seek(int column, List<TreeItem>? items, List<TreeNode>? list)
    {
        var comments = SkipBlankLines(_pos);
        var at = comments;
        var commentIndent = -1;
        while (at < _text.Length && IsCommentLine(at, out var indent))
        {
            if (commentIndent >= 0 && indent != commentIndent) return Fail;
            commentIndent = indent;
            at = NextLine(at);
            if (at < _text.Length && IsBlankLine(at)) return Fail;
        }
        if (at >= _text.Length)
        {
            _pos = comments;
            return End;
        }
        var lineIndent = Indent(at);
        if (commentIndent >= 0 && commentIndent != lineIndent) return Fail;
        if (lineIndent == 0 && (_text[at..].StartsWith("---"u8) || _text[at..].StartsWith("..."u8))) return Fail;
        if (lineIndent > column || (lineIndent == column && list is null && IsItem(at + lineIndent))) return Fail;
        if (lineIndent < column || (list is not null && !IsItem(at + lineIndent)))
        {
            _pos = comments;
            return End;
        }
        for (var c = comments; c < at; c = NextLine(c))
        {
            var text = CommentText(c);
            if (list is not null) list.Add(new CommentValue(text));
            else items!.Add(TreeItem.Comment(text));
        }
        _pos = at + lineIndent;
        return Entry;
    }

    /// <summary>The next line from <paramref name="at"/> that is neither blank nor a comment (-1 at the text's end), and its indentation.</summary>
    private readonly int PeekEntry(int at, out int indent)
    {
        indent = 0;
        for (; at < _text.Length; at = NextLine(at))
        {
            if (IsBlankLine(at) || IsCommentLine(at, out _)) continue;
            indent = Indent(at);
            return at;
        }
        return -1;
    }

    // A mapping's keys are unique (the existing reader refuses a repeated one in the first document, the only one here).
    private static bool IsDuplicate(List<TreeItem> items, string key, ref Dictionary<string, long>? keys)
    {
        if (keys is null && items.Count < LinearKeyCheck)
        {
            foreach (var item in items)
            {
                if (item.Key == key) return true;
            }
            return false;
        }
        if (keys is null)
        {
            keys = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (item.Key is { } known) keys[known] = 0;
            }
        }
        return !keys.TryAdd(key, 0);
    }

    /// <summary>Counts a node as <see cref="DocumentBudget"/> does; false past its limit (the existing reader then refuses).</summary>
    private bool CountNode() => ++_nodes <= DocumentBudget.MaxNodes;
}
