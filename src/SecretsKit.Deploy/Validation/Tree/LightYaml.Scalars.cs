using System.Globalization;
using System.Text;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>The scalars and flow sequences of <see cref="LightYaml"/>: quoted, block (literal and folded), <c>[…]</c>.</summary>
internal ref partial struct LightYaml
{
    /// <summary>A double-quoted scalar that closes on its line (a key, a flow sequence item).</summary>
    private string DoubleQuoted(int start, int lineEnd, out int after)
    {
        var span = _text.Slice(start + 1, lineEnd - start - 1);
        var close = span.IndexOfAny((byte)'"', (byte)'\\');
        if (close >= 0 && span[close] == '"')
        {
            after = start + 1 + close + 1;
            return SharedText.Of(_text, start + 1, close);
        }
        var sb = _folded.Clear();
        close = DoubleQuotedLine(sb, start + 1, lineEnd, out _);
        if (close < 0) throw OutsideSubset.Instance;
        after = close + 1;
        return sb.ToString();
    }

    /// <summary>
    /// Appends the double-quoted text from <paramref name="from"/> to the closing quote (its index is returned) or the
    /// line's end (-1; the raw spaces before the break are dropped, as line folding does, unless the line ends in an
    /// escaped line break: <paramref name="escapedBreak"/>).
    /// </summary>
    private int DoubleQuotedLine(Utf8Builder sb, int from, int lineEnd, out bool escapedBreak)
    {
        escapedBreak = false;
        var span = _text.Slice(from, lineEnd - from);
        var keep = sb.Length;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '"') return from + i;
            if (c != '\\')
            {
                sb.Append(c);
                if (c != ' ') keep = sb.Length;
                continue;
            }
            if (++i == span.Length)
            {
                escapedBreak = lineEnd < _end;
                if (!escapedBreak) throw OutsideSubset.Instance;
                return -1;
            }
            Escape(sb, span, ref i);
            keep = sb.Length;
        }
        sb.Length = keep;
        return -1;
    }

    /// <summary>The escape whose letter is at <paramref name="i"/> (after the backslash); YAML's others are YamlDotNet's.</summary>
    private static void Escape(Utf8Builder sb, ReadOnlySpan<byte> span, ref int i)
    {
        switch ((char)span[i])
        {
            case '\\': sb.Append((byte)'\\'); break;
            case '"': sb.Append((byte)'"'); break;
            case '/': sb.Append((byte)'/'); break;
            case 'n': sb.Append((byte)'\n'); break;
            case 't': sb.Append((byte)'\t'); break;
            case 'r': sb.Append((byte)'\r'); break;
            case '0': sb.Append(0); break;
            case 'a': sb.Append(0x07); break;
            case 'b': sb.Append(0x08); break;
            case 'e': sb.Append(0x1B); break;
            case 'f': sb.Append(0x0C); break;
            case 'v': sb.Append(0x0B); break;
            case ' ': sb.Append((byte)' '); break;
            case 'x': sb.Append(new Rune(Hex(span, ref i, 2))); break;
            case 'u': sb.Append(new Rune(Hex(span, ref i, 4))); break;
            default: throw OutsideSubset.Instance;
        }
    }

    private static int Hex(ReadOnlySpan<byte> span, ref int i, int digits)
    {
        if (i + digits >= span.Length || !int.TryParse(span.Slice(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code is >= 0xD800 and <= 0xDFFF)
        {
            throw OutsideSubset.Instance;
        }
        i += digits;
        return code;
    }

    /// <summary>A single-quoted scalar that closes on its line (a key, a flow sequence item).</summary>
    private string SingleQuoted(int start, int lineEnd, out int after)
    {
        var span = _text.Slice(start + 1, lineEnd - start - 1);
        var close = span.IndexOf((byte)'\'');
        if (close < 0) throw OutsideSubset.Instance;
        if (close + 1 == span.Length || span[close + 1] != '\'')
        {
            after = start + 1 + close + 1;
            return SharedText.Of(_text, start + 1, close);
        }
        var sb = _folded.Clear();
        close = SingleQuotedLine(sb, start + 1, lineEnd);
        if (close < 0) throw OutsideSubset.Instance;
        after = close + 1;
        return sb.ToString();
    }

    /// <summary>As <see cref="DoubleQuotedLine"/> for single quotes: <c>''</c> is a quote, there are no other escapes.</summary>
    private int SingleQuotedLine(Utf8Builder sb, int from, int lineEnd)
    {
        var keep = sb.Length;
        for (var i = from; i < lineEnd; i++)
        {
            var c = _text[i];
            if (c == '\'')
            {
                if (i + 1 == lineEnd || _text[i + 1] != '\'') return i;
                i++;
            }
            sb.Append(c);
            if (c != ' ') keep = sb.Length;
        }
        sb.Length = keep;
        return -1;
    }

    /// <summary>A one-line flow sequence of quoted scalars and simple plain words (<c>["a", 'b', c]</c>), or <c>[]</c>.</summary>
    private ManifestSequence FlowSequence(int start, int lineEnd, out int after)
    {
        var seq = new ManifestSequence();
        var i = SkipSpaces(start + 1, lineEnd);
        if (i < lineEnd && _text[i] == ']')
        {
            after = i + 1;
            return seq;
        }
        while (true)
        {
            if (i == lineEnd) throw OutsideSubset.Instance;
            var c = _text[i];
            if (c == '"') seq.Items.Add(new ManifestScalar(DoubleQuoted(i, lineEnd, out i), plain: false));
            else if (c == '\'') seq.Items.Add(new ManifestScalar(SingleQuoted(i, lineEnd, out i), plain: false));
            else if (char.IsAsciiLetterOrDigit((char)c) || c is (byte)'_' or (byte)'.' or (byte)'/')
            {
                var word = i;
                while (i < lineEnd && (char.IsAsciiLetterOrDigit((char)_text[i]) || _text[i] is (byte)'_' or (byte)'.' or (byte)'/' or (byte)'+' or (byte)'-')) i++;
                seq.Items.Add(new ManifestScalar(SharedText.Of(_text, word, i - word), plain: true));
            }
            else throw OutsideSubset.Instance;
            i = SkipSpaces(i, lineEnd);
            if (i == lineEnd) throw OutsideSubset.Instance;
            if (_text[i] == ']')
            {
                after = i + 1;
                _nodes += seq.Items.Count;
                return seq;
            }
            if (_text[i] != ',') throw OutsideSubset.Instance;
            i = SkipSpaces(i + 1, lineEnd);
        }
    }

    /// <summary>
    /// A literal (<c>|</c>) or folded (<c>&gt;</c>) block scalar with optional chomping and indentation indicators. An
    /// explicit indentation counts from <paramref name="blockIndentBase"/> (the enclosing mapping's column; -1 in a
    /// sequence, where it is left to YamlDotNet). Empty ones, folded ones with more-indented lines, and whitespace-only
    /// lines deeper than the content are left to YamlDotNet. Checked now, its text made when first read (most block
    /// scalars of a rendering are CRD descriptions that nothing reads).
    /// </summary>
    private ManifestScalar BlockScalar(int start, int lineEnd, int parentIndent, int blockIndentBase)
    {
        BlockBody(start, lineEnd, parentIndent, blockIndentBase, body: null);
        return new ManifestScalar(new BlockText(_source, _end, start, lineEnd, parentIndent, blockIndentBase), plain: false);
    }

    /// <summary>A block scalar's text, made by reading its lines again when first asked for.</summary>
    private sealed class BlockText(ReadOnlyMemory<byte> text, int end, int start, int lineEnd, int parentIndent, int blockIndentBase) : DeferredText
    {
        public override string Make()
        {
            var body = new Utf8Builder();
            var parser = new LightYaml(text, start, end, repeated: null);
            parser.BlockBody(start, lineEnd, parentIndent, blockIndentBase, body);
            return body.ToString();
        }
    }

    /// <summary>Reads the block scalar of <see cref="BlockScalar"/> through its last line (consumed), appending its text
    /// to <paramref name="body"/> unless that is null; the checks are the same either way.</summary>
    private void BlockBody(int start, int lineEnd, int parentIndent, int blockIndentBase, Utf8Builder? body)
    {
        var (literal, chomp, explicitIndent) = BlockHeader(start, lineEnd, blockIndentBase);
        var pos = NextLine(lineEnd);
        var leading = 0;
        var maxLeadingSpaces = 0;
        var contentIndent = -1;
        var pendingBlanks = 0;
        var lines = 0;
        var lastEndedWithBreak = true;
        while (pos < _end)
        {
            var end = LineEnd(pos);
            var spaces = 0;
            while (pos + spaces < end && _text[pos + spaces] == ' ') spaces++;
            var blank = pos + spaces == end;
            if (blank)
            {
                if (contentIndent < 0)
                {
                    leading++;
                    maxLeadingSpaces = Math.Max(maxLeadingSpaces, spaces);
                }
                else
                {
                    if (spaces > contentIndent) throw OutsideSubset.Instance;
                    pendingBlanks++;
                }
                lastEndedWithBreak = end < _end;
                pos = NextLine(end);
                continue;
            }
            if (contentIndent < 0)
            {
                contentIndent = explicitIndent > 0 ? blockIndentBase + explicitIndent : spaces;
                if (spaces < contentIndent || contentIndent <= parentIndent || maxLeadingSpaces > contentIndent) throw OutsideSubset.Instance;
                body?.Append((byte)'\n', leading);
            }
            else if (spaces < contentIndent) break;
            var text = _text.Slice(pos + contentIndent, end - pos - contentIndent);
            if (lines > 0 && body is not null) LineBreak(body, literal, pendingBlanks);
            if (!literal && text[0] == ' ') throw OutsideSubset.Instance;
            body?.Append(text);
            lines++;
            pendingBlanks = 0;
            lastEndedWithBreak = end < _end;
            pos = NextLine(end);
        }
        if (lines == 0 || !lastEndedWithBreak) throw OutsideSubset.Instance;
        if (chomp != '-') body?.Append((byte)'\n', chomp == '+' ? pendingBlanks + 1 : 1);
        _pos = pos;
    }

    /// <summary>The header after <c>|</c> or <c>&gt;</c>: the style, the chomping indicator (<c>+</c>, <c>-</c> or ' ') and an
    /// explicit indentation (0 when none), in either order, then only spaces and a comment.</summary>
    private (bool Literal, char Chomp, int ExplicitIndent) BlockHeader(int start, int lineEnd, int blockIndentBase)
    {
        var chomp = ' ';
        var explicitIndent = 0;
        var i = start + 1;
        for (var n = 0; n < 2 && i < lineEnd; n++, i++)
        {
            var c = (char)_text[i];
            if (c is '+' or '-' && chomp == ' ') chomp = c;
            else if (c is >= '1' and <= '9' && explicitIndent == 0) explicitIndent = c - '0';
            else break;
        }
        var headerEnd = SkipSpaces(i, lineEnd);
        if (headerEnd != lineEnd && (_text[headerEnd] != '#' || headerEnd == i)) throw OutsideSubset.Instance;
        if (explicitIndent > 0 && blockIndentBase < 0) throw OutsideSubset.Instance;
        return (_text[start] == '|', chomp, explicitIndent);
    }

    /// <summary>What separates two content lines: a literal keeps every line break; a folded scalar turns one break into
    /// a space and keeps the breaks of the blank lines between.</summary>
    private static void LineBreak(Utf8Builder body, bool literal, int pendingBlanks)
    {
        if (literal) body.Append((byte)'\n', pendingBlanks + 1);
        else if (pendingBlanks > 0) body.Append((byte)'\n', pendingBlanks);
        else body.Append((byte)' ');
    }
}
