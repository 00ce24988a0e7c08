using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>The emitter's character-level writers (libyaml <c>put</c>, <c>write_indent</c>, scalar and comment writers).</summary>
internal sealed partial class YamlEmitter
{
    private static readonly SearchValues<char> Breaks = SearchValues.Create("\r\n\u0085\u2028\u2029");
    private static readonly SearchValues<char> BreaksOrQuote = SearchValues.Create("\r\n\u0085\u2028\u2029'");

    private void Put(char c)
    {
        _out.Append(c);
        _column++;
    }

    private void PutBreak()
    {
        _out.Append('\n');
        _column = 0;
        _indention = true;
    }

    private void WriteRune(int rune)
    {
        if (rune > 0xFFFF) _out.Append(char.ConvertFromUtf32(rune));
        else _out.Append((char)rune);
        _column++;
    }

    private void WriteRaw(string s)
    {
        _out.Append(s);
        _column += YamlScalarAnalysis.RuneCount(s);
    }

    /// <summary>
    /// The common case of a plain or single-quoted scalar: no line break (and no quote to double), so the text goes out
    /// as it is and only the column moves.
    /// </summary>
    private bool TryWriteUnbroken(string value, bool singleQuoted)
    {
        if (value.AsSpan().IndexOfAny(singleQuoted ? BreaksOrQuote : Breaks) >= 0) return false;
        WriteRaw(value);
        return true;
    }

    private void WriteBreak(int rune)
    {
        if (rune == '\n')
        {
            PutBreak();
            return;
        }
        WriteRune(rune);
        _column = 0;
        _indention = true;
    }

    private void WriteIndent()
    {
        var indent = Math.Max(_indent, 0);
        if (!_indention || _column > indent || (_column == indent && !_whitespace)) PutBreak();
        if (_footIndent == indent) PutBreak();
        while (_column < indent) Put(' ');
        _whitespace = true;
        _footIndent = -1;
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool isWhitespace, bool isIndention)
    {
        if (needWhitespace && !_whitespace) Put(' ');
        WriteRaw(indicator);
        _whitespace = isWhitespace;
        _indention = _indention && isIndention;
    }

    private void WriteComment(string comment)
    {
        var breaks = false;
        var pound = false;
        for (var i = 0; i < comment.Length;)
        {
            var r = YamlScalarAnalysis.RuneAt(comment, i, out var width);
            i += width;
            if (YamlScalarAnalysis.IsBreak(r))
            {
                WriteBreak(r);
                breaks = true;
                pound = false;
                continue;
            }
            if (breaks) WriteIndent();
            if (!pound)
            {
                if (r != '#')
                {
                    Put('#');
                    Put(' ');
                }
                pound = true;
            }
            WriteRune(r);
            _indention = false;
            breaks = false;
        }
        if (!breaks) PutBreak();
        _whitespace = true;
    }

    private void WriteScalar(string value)
    {
        switch (_scalarStyle)
        {
            case YamlScalarStyle.Plain:
                WritePlain(value);
                break;
            case YamlScalarStyle.SingleQuoted:
                WriteSingleQuoted(value);
                break;
            case YamlScalarStyle.DoubleQuoted:
                WriteDoubleQuoted(value);
                break;
            default:
                WriteLiteral(value);
                break;
        }
    }

    private void WritePlain(string value)
    {
        if (value.Length > 0 && !_whitespace) Put(' ');
        if (!TryWriteUnbroken(value, singleQuoted: false)) WriteRunes(value, singleQuoted: false);
        if (value.Length > 0) _whitespace = false;
        _indention = false;
    }

    private void WriteSingleQuoted(string value)
    {
        WriteIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false);
        if (!TryWriteUnbroken(value, singleQuoted: true)) WriteRunes(value, singleQuoted: true);
        WriteIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false);
        _whitespace = false;
        _indention = false;
    }

    /// <summary>A plain or single-quoted scalar rune by rune: line breaks folded with indents, <c>'</c> doubled when quoted.</summary>
    private void WriteRunes(string value, bool singleQuoted)
    {
        var breaks = false;
        for (var i = 0; i < value.Length;)
        {
            var r = YamlScalarAnalysis.RuneAt(value, i, out var width);
            i += width;
            if (YamlScalarAnalysis.IsBreak(r))
            {
                if (!breaks && r == '\n') PutBreak();
                WriteBreak(r);
                breaks = true;
                continue;
            }
            if (breaks) WriteIndent();
            if (singleQuoted && r == '\'') Put('\'');
            WriteRune(r);
            if (r != ' ') _indention = false;
            breaks = false;
        }
    }

    private void WriteDoubleQuoted(string value)
    {
        WriteIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false);
        for (var i = 0; i < value.Length;)
        {
            var r = YamlScalarAnalysis.RuneAt(value, i, out var width);
            i += width;
            if (!YamlScalarAnalysis.IsPrintable(r) || r == 0xFEFF || YamlScalarAnalysis.IsBreak(r) || r == '"' || r == '\\')
            {
                Put('\\');
                switch (r)
                {
                    case 0x00: Put('0'); break;
                    case 0x07: Put('a'); break;
                    case 0x08: Put('b'); break;
                    case 0x09: Put('t'); break;
                    case 0x0A: Put('n'); break;
                    case 0x0B: Put('v'); break;
                    case 0x0C: Put('f'); break;
                    case 0x0D: Put('r'); break;
                    case 0x1B: Put('e'); break;
                    case 0x22: Put('"'); break;
                    case 0x5C: Put('\\'); break;
                    case 0x85: Put('N'); break;
                    case 0xA0: Put('_'); break;
                    case 0x2028: Put('L'); break;
                    case 0x2029: Put('P'); break;
                    default:
                        var (letter, digits) = r <= 0xFF ? ('x', 2) : r <= 0xFFFF ? ('u', 4) : ('U', 8);
                        Put(letter);
                        foreach (var ch in r.ToString("X" + digits, CultureInfo.InvariantCulture)) Put(ch);
                        break;
                }
                continue;
            }
            WriteRune(r);
        }
        WriteIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false);
        _whitespace = false;
        _indention = false;
    }

    private void WriteLiteral(string value)
    {
        WriteIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false);
        WriteBlockScalarHints(value);
        ProcessLineComment();
        _whitespace = true;
        var breaks = true;
        for (var i = 0; i < value.Length;)
        {
            var r = YamlScalarAnalysis.RuneAt(value, i, out var width);
            i += width;
            if (YamlScalarAnalysis.IsBreak(r))
            {
                WriteBreak(r);
                breaks = true;
                continue;
            }
            if (breaks) WriteIndent();
            WriteRune(r);
            _indention = false;
            breaks = false;
        }
    }

    private void WriteBlockScalarHints(string value)
    {
        if (value.Length > 0 && (value[0] == ' ' || YamlScalarAnalysis.IsBreak(value[0])))
        {
            WriteIndicator(((char)('0' + _bestIndent)).ToString(), needWhitespace: false, isWhitespace: false, isIndention: false);
        }
        string? chomp = null;
        if (value.Length == 0)
        {
            chomp = "-";
        }
        else if (!YamlScalarAnalysis.IsBreak(value[^1]))
        {
            chomp = "-";
        }
        else if (value.Length == 1 || YamlScalarAnalysis.IsBreak(value[^2]))
        {
            chomp = "+";
        }
        if (chomp is not null) WriteIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false);
    }
}
