using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// The scalars and lines of <see cref="YamlFastReader"/>'s subset: keys, single-line plain and quoted scalars, literal
/// block scalars, comment and blank lines; and the check that the text holds only characters read here the same way.
/// </summary>
internal ref partial struct YamlFastReader
{
    // Longer keys are not simple keys to YamlDotNet (it looks 1,024 characters ahead for the ':').
    private const int MaxKeyLength = 1000;

    /// <summary>A scalar value starting at <paramref name="from"/> on a line ending at <paramref name="lineEnd"/>; moves to the next line.</summary>
    /// <param name="parentColumn">The column of the collection holding the value: a literal's lines are deeper.</param>
    private TreeNode? ReadScalar(int from, int lineEnd, int parentColumn)
    {
        if (!CountNode()) return null;
        var rest = _text[from..lineEnd];
        TreeNode? node;
        switch (rest[0])
        {
            case (byte)'|':
                return ReadLiteral(rest, lineEnd, parentColumn);
            case (byte)'\'' or (byte)'"':
                node = ReadQuoted(rest);
                break;
            case (byte)'[' or (byte)'{':
                node = ReadEmptyFlow(rest);
                break;
            default:
                node = ReadPlain(rest);
                break;
        }
        _pos = NextLine(lineEnd);
        return node;
    }

    private static TreeNode? ReadPlain(ReadOnlySpan<byte> rest)
    {
        var value = rest.TrimEnd((byte)' ');
        if (StartsWithIndicator(value) || !SpacesAreSafe(value) || value.IndexOf(": "u8) >= 0 || value[^1] == ':') return null;
        // An ENC[…] value is held as its string, not packed (StringValue.TryReadEncrypted): packing it and writing its text
        // back for the decryption cost a 50-key file's decrypt more than the string's memory is worth below MaxInput.
        return ResolvePlain(Encoding.UTF8.GetString(value));
    }

    /// <summary>An untagged plain scalar as the existing reader resolves it; null for an integer past 64 bits (it refuses those).</summary>
    private static TreeNode? ResolvePlain(string value)
    {
        YamlScalarResolver.Resolve(value, out var node);
        return node;
    }

    /// <summary>A single-line quoted scalar that ends its line; a double-quoted one without escapes.</summary>
    private static StringValue? ReadQuoted(ReadOnlySpan<byte> rest)
    {
        var quote = rest[0];
        var body = rest[1..];
        var doubled = false;
        var close = 0;
        while (true)
        {
            var at = quote == '"' ? body[close..].IndexOfAny((byte)'"', (byte)'\\') : body[close..].IndexOf(quote);
            if (at < 0 || body[close + at] == '\\') return null;
            close += at;
            if (quote == '\'' && close + 1 < body.Length && body[close + 1] == '\'')
            {
                doubled = true;
                close += 2;
                continue;
            }
            break;
        }
        if (!body[(close + 1)..].TrimEnd((byte)' ').IsEmpty) return null;
        var text = Encoding.UTF8.GetString(body[..close]);
        return new StringValue(doubled ? text.Replace("''", "'", StringComparison.Ordinal) : text);
    }

    private static TreeNode? ReadEmptyFlow(ReadOnlySpan<byte> rest)
    {
        var value = rest.TrimEnd((byte)' ');
        if (value.SequenceEqual("[]"u8)) return new Sequence(new List<TreeNode>());
        if (value.SequenceEqual("{}"u8)) return new TreeBranch(new List<TreeItem>());
        return null;
    }

    /// <summary>
    /// A literal block scalar <c>|</c> (clip: one final line break) or <c>|-</c> (strip: none) whose lines are deeper than
    /// <paramref name="parentColumn"/>, at the first line's indentation; empty lines inside are kept, after it dropped.
    /// </summary>
    private StringValue? ReadLiteral(ReadOnlySpan<byte> header, int lineEnd, int parentColumn)
    {
        var strip = header.Length > 1 && header[1] == '-';
        if (!header[(strip ? 2 : 1)..].TrimEnd((byte)' ').IsEmpty) return null;
        var at = NextLine(lineEnd);
        if (at >= _text.Length || IsBlankLine(at)) return null;
        var indent = Indent(at);
        if (indent <= parentColumn) return null;
        var text = new StringBuilder();
        var blanks = -1;
        for (; at < _text.Length; at = NextLine(at))
        {
            var end = LineEnd(at);
            if (end == at)
            {
                blanks++;
                continue;
            }
            if (IsBlankLine(at)) return null;
            if (Indent(at) < indent) break;
            if (end == _text.Length) return null;
            // Line breaks go between lines (and before the empty lines kept), so empty lines after the last one are dropped.
            if (blanks >= 0) text.Append('\n', blanks + 1);
            blanks = 0;
            text.Append(Encoding.UTF8.GetString(_text[(at + indent)..end]));
        }
        if (!strip) text.Append('\n');
        _pos = at;
        return new StringValue(text.ToString());
    }

    /// <summary>The end of a plain key starting at <paramref name="from"/> (its <c>:</c>, followed by a space or the line's end), or -1.</summary>
    private readonly int KeyEnd(int from, int lineEnd)
    {
        var line = _text[from..lineEnd];
        if (StartsWithIndicator(line)) return -1;
        for (var at = 0; ;)
        {
            var colon = line[at..].IndexOf((byte)':');
            if (colon < 0) return -1;
            at += colon;
            if (at + 1 == line.Length || line[at + 1] == ' ')
            {
                var key = line[..at];
                if (key[^1] == ' ' || key.Length > MaxKeyLength || !SpacesAreSafe(key)) return -1;
                return from + at;
            }
            at++;
        }
    }

    /// <summary>
    /// True when every word after a space in a plain scalar starts with a letter, a digit, a non-ASCII character or one
    /// of <c>._/()+=~$^;&lt;\</c>: YamlDotNet ends a plain scalar at more than YAML does (<c>a *b</c> is not one value to
    /// it), so a word that starts with anything else (a comment, an alias, …) is left to it.
    /// </summary>
    private static bool SpacesAreSafe(ReadOnlySpan<byte> scalar)
    {
        for (var at = scalar.IndexOf((byte)' '); at >= 0;)
        {
            var word = scalar[at..].IndexOfAnyExcept((byte)' ');
            if (word < 0) return true;
            at += word;
            var c = scalar[at];
            if (!char.IsAsciiLetterOrDigit((char)c) && c < 0x80 && SafeAfterSpace.IndexOf(c) < 0) return false;
            var next = scalar[at..].IndexOf((byte)' ');
            at = next < 0 ? -1 : at + next;
        }
        return true;
    }

    private static ReadOnlySpan<byte> SafeAfterSpace => "._/()+=~$^;<\\"u8;

    /// <summary>True when a plain scalar may not start this way: an indicator (<c>-</c> only before a space or the line's end).</summary>
    private static bool StartsWithIndicator(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return true;
        return value[0] switch
        {
            (byte)'-' => value.Length == 1 || value[1] == ' ',
            (byte)'?' or (byte)':' or (byte)',' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'#' or (byte)'&' or
                (byte)'*' or (byte)'!' or (byte)'|' or (byte)'>' or (byte)'\'' or (byte)'"' or (byte)'%' or (byte)'@' or (byte)'`' => true,
            _ => false,
        };
    }

    /// <summary>True for a sequence item at <paramref name="at"/>: <c>-</c> before a space or the line's end.</summary>
    private readonly bool IsItem(int at) =>
        _text[at] == '-' && (at + 1 == _text.Length || _text[at + 1] is (byte)' ' or (byte)'\n');

    private readonly bool IsCommentLine(int at, out int indent)
    {
        indent = Indent(at);
        return at + indent < _text.Length && _text[at + indent] == '#';
    }

    /// <summary>A comment line's text after its <c>#</c>, as written (the existing reader keeps the leading space).</summary>
    private readonly string CommentText(int at) => Encoding.UTF8.GetString(_text[(at + Indent(at) + 1)..LineEnd(at)]);

    private readonly bool IsBlankLine(int at)
    {
        var end = LineEnd(at);
        return at + Indent(at) == end;
    }

    private readonly int SkipBlankLines(int at)
    {
        while (at < _text.Length && IsBlankLine(at)) at = NextLine(at);
        return at;
    }

    private readonly int Indent(int at)
    {
        var spaces = _text[at..].IndexOfAnyExcept((byte)' ');
        return spaces < 0 ? _text.Length - at : spaces;
    }

    private readonly int SkipSpaces(int at, int lineEnd)
    {
        while (at < lineEnd && _text[at] == ' ') at++;
        return at;
    }

    private readonly int LineEnd(int at)
    {
        var newline = _text[at..].IndexOf((byte)'\n');
        return newline < 0 ? _text.Length : at + newline;
    }

    private readonly int NextLine(int at)
    {
        var end = LineEnd(at);
        return end < _text.Length ? end + 1 : end;
    }

    /// <summary>
    /// True when every character is one this reader reads as YamlDotNet does: printable ASCII and LF, and any other
    /// printable character but YAML 1.1's other line breaks (NEL, U+2028, U+2029) and U+FEFF.
    /// </summary>
    private static bool IsPlainText(ReadOnlySpan<byte> utf8)
    {
        while (true)
        {
            var at = utf8.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            if (at < 0) return true;
            if (utf8[at] != '\n')
            {
                if (utf8[at] < 0x80 || Rune.DecodeFromUtf8(utf8[at..], out var rune, out var length) != System.Buffers.OperationStatus.Done)
                {
                    return false;
                }
                var r = rune.Value;
                var printable = (r >= 0xA0 && r <= 0xD7FF && r is not (0x2028 or 0x2029)) || (r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF) || r >= 0x10000;
                if (!printable) return false;
                at += length - 1;
            }
            utf8 = utf8[(at + 1)..];
        }
    }
}
