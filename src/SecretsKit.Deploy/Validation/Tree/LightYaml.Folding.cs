namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// The flow scalars of <see cref="LightYaml"/> that go on over more lines (YAML 1.2 line folding, as YamlDotNet reads it):
/// a single line break becomes a space, each empty line between becomes <c>\n</c>, the spaces around a break are dropped;
/// a backslash at the end of a double-quoted line joins the next line with nothing between. A plain scalar goes on while
/// the next line is deeper than the collection holding it and is not a comment; a continuation holding <c>: </c> (a key
/// where none may be) leaves the document to YamlDotNet.
/// </summary>
internal ref partial struct LightYaml
{
    /// <summary>
    /// A quoted value starting at <paramref name="start"/>; sets where its closing line ends. As YamlDotNet has it, the
    /// lines after a double-quoted scalar's first must be deeper than the collection holding it (at
    /// <paramref name="parentIndent"/>), a single-quoted one's may sit at any column; a document marker at column 0 is
    /// not ours either way.
    /// </summary>
    private string QuotedValue(int start, ref int lineEnd, int parentIndent, out int after)
    {
        var single = _text[start] == '\'';
        var span = _text.Slice(start + 1, lineEnd - start - 1);
        var close = single ? span.IndexOf((byte)'\'') : span.IndexOfAny((byte)'"', (byte)'\\');
        if (close >= 0 && span[close] != '\\' && (!single || close + 1 == span.Length || span[close + 1] != '\''))
        {
            after = start + 1 + close + 1;
            return SharedText.Of(_text, start + 1, close);
        }
        var sb = _folded.Clear();
        var from = start + 1;
        while (true)
        {
            var escapedBreak = false;
            close = single ? SingleQuotedLine(sb, from, lineEnd) : DoubleQuotedLine(sb, from, lineEnd, out escapedBreak);
            if (close >= 0)
            {
                after = close + 1;
                return sb.ToString();
            }
            from = NextFoldedLine(lineEnd, single ? -1 : parentIndent, out var breaks, out lineEnd);
            if (from < 0) throw OutsideSubset.Instance;
            Fold(sb, breaks, escapedBreak);
        }
    }

    /// <summary>A plain value starting at <paramref name="start"/>, through its last continuation line (consumed).</summary>
    private string PlainValue(int start, int lineEnd, int parentIndent)
    {
        var end = PlainLineEnd(start, lineEnd, out var comment);
        _pos = NextLine(lineEnd);
        if (comment || !PlainContinues(parentIndent)) return SharedText.Of(_text, start, end - start);
        var sb = _folded.Clear().Append(_text.Slice(start, end - start));
        while (!comment && PlainContinues(parentIndent))
        {
            var from = NextFoldedLine(lineEnd, parentIndent, out var breaks, out lineEnd);
            Fold(sb, breaks, escapedBreak: false);
            end = PlainLineEnd(from, lineEnd, out comment);
            sb.Append(_text.Slice(from, end - from));
            _pos = NextLine(lineEnd);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Whether the line after the plain scalar's last line (blank lines skipped) goes on with it: deeper than the
    /// collection holding it, and not a comment (which ends the scalar).
    /// </summary>
    private bool PlainContinues(int parentIndent)
    {
        var pos = _pos;
        while (pos < _end)
        {
            var content = SkipSpaces(pos, _end);
            if (content == _end) return false;
            if (_text[content] == '\n')
            {
                pos = content + 1;
                continue;
            }
            return content - pos > parentIndent && _text[content] != '#';
        }
        return false;
    }

    /// <summary>
    /// The content start of the next non-blank line after the one ending at <paramref name="lineEnd"/>, counting the blank
    /// lines between; -1 at the end of the text. A line not deeper than <paramref name="parentIndent"/> (-1: any), or a
    /// document marker, is not ours.
    /// </summary>
    private int NextFoldedLine(int lineEnd, int parentIndent, out int breaks, out int nextLineEnd)
    {
        breaks = 0;
        while (lineEnd < _end)
        {
            var pos = lineEnd + 1;
            lineEnd = LineEnd(pos);
            var content = SkipSpaces(pos, lineEnd);
            if (content == lineEnd)
            {
                breaks++;
                continue;
            }
            if (content - pos <= parentIndent || content == pos && StartsMarker(pos, lineEnd)) throw OutsideSubset.Instance;
            nextLineEnd = lineEnd;
            return content;
        }
        nextLineEnd = _end;
        return -1;
    }

    /// <summary>Line folding between two content lines of a flow scalar.</summary>
    private static void Fold(Utf8Builder sb, int breaks, bool escapedBreak)
    {
        if (breaks > 0) sb.Append((byte)'\n', breaks);
        else if (!escapedBreak) sb.Append((byte)' ');
    }

    /// <summary>Where a plain scalar's text on this line ends (trailing spaces and a comment cut off): a <c>: </c> is a key, not ours.</summary>
    private int PlainLineEnd(int start, int lineEnd, out bool comment)
    {
        comment = false;
        var end = lineEnd;
        for (var i = start; i < lineEnd; i++)
        {
            var c = _text[i];
            if (c == '#' && _text[i - 1] == ' ')
            {
                end = i;
                comment = true;
                break;
            }
            if (c == ':' && (i + 1 == lineEnd || _text[i + 1] == ' ')) throw OutsideSubset.Instance;
        }
        while (end > start && _text[end - 1] == ' ') end--;
        return end;
    }
}
