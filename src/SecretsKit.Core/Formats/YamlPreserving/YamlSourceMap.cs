using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretsKit.Core.Formats.YamlPreserving;

/// <summary>
/// The layout of one YAML document: every node with its span (YamlDotNet parser marks, comments kept), the comments
/// in text order and the indentation the file uses. Returns null for what cannot be edited in place: several
/// documents, aliases, anchors or tags, and non-scalar keys.
/// </summary>
internal sealed class YamlSourceMap
{
    private readonly string _text;
    private readonly IParser _parser;

    private YamlSourceMap(string text)
    {
        _text = text;
        _parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
    }

    public SourceMapping Root { get; private set; } = null!;

    public List<SourceComment> Comments { get; } = [];

    /// <summary>The indentation step the file uses (smallest nesting step of block mappings), 4 when none is nested.</summary>
    public int Indent => _indent ?? 4;

    public static YamlSourceMap? TryRead(string text)
    {
        var map = new YamlSourceMap(text);
        try
        {
            return map.Read() ? map : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    private bool Read()
    {
        if (Next() is not StreamStart) return false;
        if (Next() is not DocumentStart) return false;
        Next();
        if (Current is not MappingStart) return false;
        if (ReadNode(inFlow: false, parentColumn: -1) is not SourceMapping root) return false;
        Root = root;
        if (Current is not DocumentEnd) return false;
        Next();
        return Current is StreamEnd;
    }

    private ParsingEvent? Current { get; set; }

    private ParsingEvent? Next()
    {
        while (_parser.MoveNext())
        {
            if (_parser.Current is Comment c)
            {
                var start = (int)c.Start.Index;
                if (start < 0 || start >= _text.Length || _text[start] != '#') throw new YamlException("comment without a mark");
                var end = start;
                while (end < _text.Length && _text[end] is not ('\n' or '\r')) end++;
                Comments.Add(new SourceComment(start, end, _text[(start + 1)..end]));
                continue;
            }
            Current = _parser.Current;
            return Current;
        }
        Current = null;
        return null;
    }

    private SourceNode? ReadNode(bool inFlow, int parentColumn)
    {
        switch (Current)
        {
            case Scalar s when s.Anchor.IsEmpty && s.Tag.IsEmpty:
                var scalar = new SourceScalar { Start = (int)s.Start.Index, End = (int)s.End.Index, Style = s.Style, InFlow = inFlow, Value = s.Value };
                Next();
                return scalar;
            case MappingStart m when m.Anchor.IsEmpty && m.Tag.IsEmpty:
            {
                var mapping = new SourceMapping { Start = (int)m.Start.Index, Flow = m.Style == MappingStyle.Flow };
                Next();
                while (Current is not MappingEnd)
                {
                    if (ReadNode(inFlow || mapping.Flow, parentColumn) is not SourceScalar key) return null;
                    var column = ColumnOf(key.Start);
                    if (!mapping.Flow && mapping.Items.Count == 0 && parentColumn >= 0 && column > parentColumn)
                    {
                        _indent = Math.Min(_indent ?? int.MaxValue, column - parentColumn);
                    }
                    var value = ReadNode(inFlow || mapping.Flow, mapping.Flow ? -1 : column);
                    if (value is null) return null;
                    mapping.Items.Add((key, value));
                }
                mapping.End = (int)Current.End.Index;
                Next();
                return mapping;
            }
            case SequenceStart q when q.Anchor.IsEmpty && q.Tag.IsEmpty:
            {
                var sequence = new SourceSequence { Start = (int)q.Start.Index, Flow = q.Style == SequenceStyle.Flow };
                Next();
                while (Current is not SequenceEnd)
                {
                    var item = ReadNode(inFlow || sequence.Flow, -1);
                    if (item is null) return null;
                    sequence.Items.Add(item);
                }
                sequence.End = (int)Current.End.Index;
                Next();
                return sequence;
            }
            default:
                return null; // aliases, anchors, tags, or an unexpected event
        }
    }

    private int? _indent;

    /// <summary>The 0-based column of a character index.</summary>
    public int ColumnOf(int index) => index - (_text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1);

    /// <summary>The number of spaces that start the line holding <paramref name="index"/>.</summary>
    public int LineIndentOf(int index)
    {
        var lineStart = LineStart(index);
        var i = lineStart;
        while (i < _text.Length && _text[i] == ' ') i++;
        return i - lineStart;
    }

    public int LineStart(int index) => index == 0 ? 0 : _text.LastIndexOf('\n', index - 1) + 1;

    /// <summary>The index just after the end of the line holding <paramref name="index"/> (after its newline).</summary>
    public int LineEndAfter(int index)
    {
        var nl = _text.IndexOf('\n', Math.Min(index, _text.Length));
        return nl < 0 ? _text.Length : nl + 1;
    }
}
