using System.Buffers;
using System.Text;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// A parser for the shape of YAML that <c>helm template</c> writes: block mappings and sequences by indentation, plain
/// and quoted scalars (over several lines too, folded), literal and folded block scalars, one-line flow sequences of
/// simple scalars, <c>[]</c> and <c>{}</c>, comments. Anything else (anchors, aliases, tags, other flow collections,
/// complex keys, directives, tabs, carriage returns, duplicate keys, anything malformed) makes it give up on
/// the whole document, which is then YamlDotNet's to parse, to build the same tree or to report the error. It builds
/// what YamlDotNet's representation model would, as a <see cref="ManifestNode"/> tree, for a fraction of the allocations.
/// </summary>
internal ref partial struct LightYaml
{
    /// <summary>Printable ASCII and the line feed: a document made of these is scanned without a per-character look.</summary>
    private const string PlainAsciiText = "\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(PlainAsciiText);

    /// <summary><see cref="PlainAsciiText"/> as UTF-8 bytes (one byte each).</summary>
    private static readonly SearchValues<byte> PlainAsciiBytes = SearchValues.Create(Encoding.ASCII.GetBytes(PlainAsciiText));

    /// <summary>Characters that cannot start a plain scalar or key here (or that this parser leaves to YamlDotNet).</summary>
    private static readonly SearchValues<byte> Indicators = SearchValues.Create("-?:,[]{}#&*!|>'\"%@`"u8);

    private const int MaxKeyLength = 1000;
    public const int MaxDepth = 100;

    /// <summary>The rendering's UTF-8 bytes; the document is <c>[_pos, _end)</c> of them. Every character the syntax
    /// looks at is ASCII, so positions are bytes; a scalar's bytes are decoded when its string is made.</summary>
    private readonly ReadOnlySpan<byte> _text;

    /// <summary>The same bytes as <see cref="_text"/>, for the block scalars whose text is made later (<c>BlockText</c>).</summary>
    private readonly ReadOnlyMemory<byte> _source;
    private readonly int _end;
    private int _pos;
    private int _depth;

    /// <summary>The nodes read so far, the root included, counted as a walk of the tree visits them.</summary>
    private int _nodes = 1;

    /// <summary>The entries of the mappings being read, innermost last: each mapping's list is made once, at its size.</summary>
    private readonly List<ManifestEntry> _entries = [];

    /// <summary>The items of the block sequences being read, innermost last.</summary>
    private readonly List<ManifestNode> _items = [];

    /// <summary>The large block values read so far, in this document and the rendering's others (<see cref="KeyBlockValue"/>);
    /// null for a parser that reads one block scalar's text again.</summary>
    private readonly RepeatedValues? _repeated;

    /// <summary>The deepest collection entered so far (<see cref="_depth"/>'s high mark).</summary>
    private int _deepest;

    /// <summary>Bytes that comparisons with earlier values may still read: the document's length, so that comparing adds
    /// at most one more pass over the document, however its items are shaped.</summary>
    private int _compareBudget;

    /// <summary>The text of the scalar over several lines being read (one at a time).</summary>
    private readonly Utf8Builder _folded = new();

    private LightYaml(ReadOnlyMemory<byte> text, int start, int end, RepeatedValues? repeated)
    {
        _repeated = repeated;
        _source = text;
        _text = text.Span;
        _pos = start;
        _end = end;
        _compareBudget = end - start;
    }

    /// <summary>The outcome: the root mapping; <see cref="Empty"/> for a document with no content; or null (not parsed).</summary>
    public static ManifestNode? TryParse(string text, int start, int end) => TryParse(text, start, end, out _);

    /// <summary>As <see cref="TryParse(string, int, int)"/>, with the count of nodes a walk of the tree visits, root
    /// included (the tree has no aliases and is at most <see cref="MaxDepth"/> collections deep); the large values it
    /// reads are kept in <paramref name="repeated"/> (the rendering's other documents' too), or for this document alone.</summary>
    public static ManifestNode? TryParse(string text, int start, int end, out int nodes, RepeatedValues? repeated = null)
    {
        nodes = 0;
        var span = text.AsSpan(start, end - start);
        if (!IsPlainText(span)) return null;
        var utf8 = new byte[Encoding.UTF8.GetByteCount(span)];
        Encoding.UTF8.GetBytes(span, utf8);
        return TryParse(utf8, 0, utf8.Length, out nodes, repeated);
    }

    /// <summary>As <see cref="TryParse(string, int, int, out int, RepeatedValues?)"/>, on the document at <c>[start, end)</c> of UTF-8
    /// bytes; the tree's scalars read from <paramref name="utf8"/>, which must not change afterwards. A document that is
    /// not valid UTF-8 is not parsed.</summary>
    public static ManifestNode? TryParse(ReadOnlyMemory<byte> utf8, int start, int end, out int nodes, RepeatedValues? repeated = null)
    {
        nodes = 0;
        if (!IsPlainText(utf8.Span.Slice(start, end - start))) return null;
        try
        {
            var parser = new LightYaml(utf8, start, end, repeated ?? new RepeatedValues());
            var root = parser.Document();
            nodes = parser._nodes;
            return root;
        }
        catch (OutsideSubset)
        {
            return null;
        }
    }

    /// <summary>What <see cref="TryParse(string, int, int)"/> answers for a document of blank lines and comments only.</summary>
    public static readonly ManifestNode Empty = new ManifestSequence();

    private static bool IsPlainText(ReadOnlySpan<char> span)
    {
        while (true)
        {
            var i = span.IndexOfAnyExcept(PlainAscii);
            if (i < 0) return true;
            if (!IsPlainOutsideAscii(span[i])) return false;
            span = span[(i + 1)..];
        }
    }

    /// <summary><see cref="IsPlainText(ReadOnlySpan{char})"/> on UTF-8: valid, and what it encodes is plain text.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> span)
    {
        while (true)
        {
            var i = span.IndexOfAnyExcept(PlainAsciiBytes);
            if (i < 0) return true;
            if (Rune.DecodeFromUtf8(span[i..], out var rune, out var used) != OperationStatus.Done || !rune.IsBmp || !IsPlainOutsideAscii((char)rune.Value)) return false;
            span = span[(i + used)..];
        }
    }

    /// <summary>A character other than printable ASCII and the line feed that this parser reads as text: not a control,
    /// a surrogate, a non-character, a byte order mark or a Unicode line or paragraph separator.</summary>
    private static bool IsPlainOutsideAscii(char c) =>
        !(c < '\u00A0' || c is >= '\uD800' and <= '\uDFFF' || c >= '\uFFFE' || c is '\uFEFF' or '\u2028' or '\u2029');

    private ManifestNode Document()
    {
        if (!Peek(out var line)) return Empty;
        if (line.Indent != 0 || IsDash(line.Content)) throw OutsideSubset.Instance;
        var root = Mapping(0, -1);
        if (Peek(out _)) throw OutsideSubset.Instance;
        return root;
    }

    /// <summary>A block mapping whose keys sit at column <paramref name="indent"/>; its first key may start mid-line (after <c>- </c>) at <paramref name="firstKey"/>.</summary>
    private ManifestMapping Mapping(int indent, int firstKey)
    {
        Enter();
        var first = _entries.Count;
        HashSet<string>? keys = null;
        while (true)
        {
            int keyStart, lineEnd;
            if (firstKey >= 0)
            {
                (keyStart, lineEnd) = (firstKey, LineEnd(firstKey));
                firstKey = -1;
            }
            else
            {
                if (!Peek(out var line) || line.Indent < indent) break;
                if (line.Indent > indent || IsDash(line.Content)) throw OutsideSubset.Instance;
                (keyStart, lineEnd) = (line.Content, line.End);
            }
            var colon = KeyColon(keyStart, lineEnd);
            if (colon < 0) throw OutsideSubset.Instance;
            var key = KeyText(keyStart, colon);
            if (_entries.Count - first < 8)
            {
                for (var i = first; i < _entries.Count; i++)
                {
                    if (_entries[i].Key == key) throw OutsideSubset.Instance;
                }
            }
            else
            {
                keys ??= new HashSet<string>(_entries.Skip(first).Select(e => e.Key), StringComparer.Ordinal);
                if (!keys.Add(key)) throw OutsideSubset.Instance;
            }
            var valueStart = SkipSpaces(colon + 1, lineEnd);
            ManifestNode value;
            if (valueStart == lineEnd || _text[valueStart] == '#')
            {
                _pos = NextLine(lineEnd);
                value = KeyBlockValue(key, indent);
            }
            else value = InlineValue(valueStart, lineEnd, indent, blockIndentBase: indent);
            _entries.Add(new ManifestEntry(key, true, value));
        }
        _depth--;
        _nodes += _entries.Count - first;
        var map = new ManifestMapping(_entries.Count - first);
        map.Entries.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_entries)[first..]);
        _entries.RemoveRange(first, _entries.Count - first);
        return map;
    }

    /// <summary>A block sequence whose dashes sit at column <paramref name="indent"/>.</summary>
    private ManifestSequence Sequence(int indent)
    {
        Enter();
        var first = _items.Count;
        while (Peek(out var line) && line.Indent == indent && IsDash(line.Content))
        {
            var lineEnd = line.End;
            var itemStart = SkipSpaces(line.Content + 1, lineEnd);
            if (itemStart == lineEnd || _text[itemStart] == '#')
            {
                _pos = NextLine(lineEnd);
                _items.Add(BlockValue(indent, indentlessSequence: false));
                continue;
            }
            if (IsDash(itemStart) || _text[itemStart] == '?') throw OutsideSubset.Instance;
            if (KeyColon(itemStart, lineEnd) >= 0) _items.Add(Mapping(itemStart - line.Start, itemStart));
            else _items.Add(InlineValue(itemStart, lineEnd, indent, blockIndentBase: -1));
        }
        if (Peek(out var next) && next.Indent > indent) throw OutsideSubset.Instance;
        _depth--;
        _nodes += _items.Count - first;
        var seq = new ManifestSequence(_items.Count - first);
        seq.Items.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_items)[first..]);
        _items.RemoveRange(first, _items.Count - first);
        return seq;
    }

    /// <summary>The value of <c>key:</c> or <c>-</c> with nothing after it on the line: a nested block collection, or null.</summary>
    private ManifestNode BlockValue(int parentIndent, bool indentlessSequence)
    {
        if (!Peek(out var line)) return ManifestScalar.Empty;
        if (line.Indent > parentIndent) return IsDash(line.Content) ? Sequence(line.Indent) : Mapping(line.Indent, -1);
        if (line.Indent == parentIndent && indentlessSequence && IsDash(line.Content)) return Sequence(line.Indent);
        return ManifestScalar.Empty;
    }

    /// <summary>A value that starts on the key's (or dash's) line at <paramref name="start"/>; consumes through its last line.</summary>
    private ManifestNode InlineValue(int start, int lineEnd, int parentIndent, int blockIndentBase)
    {
        var c = (char)_text[start];
        ManifestNode node;
        int after;
        switch (c)
        {
            case '"' or '\'':
                node = new ManifestScalar(QuotedValue(start, ref lineEnd, parentIndent, out after), plain: false);
                break;
            case '[':
                node = FlowSequence(start, lineEnd, out after);
                break;
            case '{':
                after = SkipSpaces(start + 1, lineEnd);
                if (after == lineEnd || _text[after] != '}') throw OutsideSubset.Instance;
                node = new ManifestMapping();
                after++;
                break;
            case '|' or '>':
                return BlockScalar(start, lineEnd, parentIndent, blockIndentBase);
            default:
                if (Indicators.Contains((byte)c) && (c != '-' || IsDash(start))) throw OutsideSubset.Instance;
                return new ManifestScalar(PlainValue(start, lineEnd, parentIndent), plain: true);
        }
        EndOfLine(after, lineEnd);
        _pos = NextLine(lineEnd);
        return node;
    }

    /// <summary>Where the colon ending the key that starts at <paramref name="start"/> is, or -1 when the line holds no key.</summary>
    private int KeyColon(int start, int lineEnd)
    {
        var c = _text[start];
        if (c is (byte)'"' or (byte)'\'')
        {
            var close = start + 1;
            while (true)
            {
                close = _text.Slice(close, lineEnd - close).IndexOf(c) is var found and >= 0 ? close + found : -1;
                if (close < 0) return -1;
                if (c == '\'' && close + 1 < lineEnd && _text[close + 1] == '\'') close += 2;
                else if (c == '"' && IsEscaped(start + 1, close)) close++;
                else break;
            }
            var colon = close + 1;
            return colon < lineEnd && _text[colon] == ':' && (colon + 1 == lineEnd || _text[colon + 1] == ' ') ? colon : -1;
        }
        for (var i = start; i < lineEnd; i++)
        {
            var ch = _text[i];
            if (ch == ':' && (i + 1 == lineEnd || _text[i + 1] == ' ')) return i;
            if (ch == '#' && i > start && _text[i - 1] == ' ') return -1;
        }
        return -1;
    }

    private bool IsEscaped(int from, int quote)
    {
        var backslashes = 0;
        for (var i = quote - 1; i >= from && _text[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }

    private string KeyText(int start, int colon)
    {
        if (colon - start > MaxKeyLength) throw OutsideSubset.Instance;
        var c = _text[start];
        if (c == '"') return DoubleQuoted(start, colon, out _);
        if (c == '\'') return SingleQuoted(start, colon, out _);
        if (Indicators.Contains(c)) throw OutsideSubset.Instance;
        var end = colon;
        while (end > start && _text[end - 1] == ' ') end--;
        return SharedText.Of(_text, start, end - start);
    }

    /// <summary>After a quoted scalar or a flow collection: only spaces and a comment may follow.</summary>
    private void EndOfLine(int after, int lineEnd)
    {
        var i = SkipSpaces(after, lineEnd);
        if (i != lineEnd && (_text[i] != '#' || i == after)) throw OutsideSubset.Instance;
    }

    /// <summary>The next line with content (blank and comment lines skipped, and consumed), not itself consumed.</summary>
    private bool Peek(out Line line)
    {
        if (_peeked.Start == _pos && _peeked.End > 0)
        {
            line = _peeked; // the same line asked for again (a nested collection peeks the line its parent peeked)
            return true;
        }
        while (_pos < _end)
        {
            var end = LineEnd(_pos);
            var content = SkipSpaces(_pos, end);
            if (content == end || _text[content] == '#')
            {
                _pos = NextLine(end);
                continue;
            }
            if (content == _pos && (_text[content] == '%' || StartsMarker(content, end))) throw OutsideSubset.Instance;
            line = _peeked = new Line(_pos, content - _pos, content, end);
            return true;
        }
        line = default;
        return false;
    }

    private bool StartsMarker(int start, int end) =>
        end - start >= 3 && (_text.Slice(start, 3).SequenceEqual("---"u8) || _text.Slice(start, 3).SequenceEqual("..."u8));

    private bool IsDash(int at) => _text[at] == '-' && (at + 1 == _end || _text[at + 1] is (byte)' ' or (byte)'\n');

    private int LineEnd(int from)
    {
        var i = _text.Slice(from, _end - from).IndexOf((byte)'\n');
        return i < 0 ? _end : from + i;
    }

    private int NextLine(int lineEnd) => lineEnd < _end ? lineEnd + 1 : _end;

    private int SkipSpaces(int from, int end)
    {
        while (from < end && _text[from] == ' ') from++;
        return from;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth) throw OutsideSubset.Instance;
        if (_depth > _deepest) _deepest = _depth;
    }

    /// <summary>A content line: where it starts, its indentation, where its content starts and where it ends (its line feed or the document's end).</summary>
    private readonly record struct Line(int Start, int Indent, int Content, int End);

    /// <summary>The line <see cref="Peek"/> found last (<c>End</c> 0: none yet).</summary>
    private Line _peeked;

    /// <summary>The document leaves the subset: YamlDotNet parses it.</summary>
    private sealed class OutsideSubset : Exception
    {
        public static readonly OutsideSubset Instance = new();
    }
}
