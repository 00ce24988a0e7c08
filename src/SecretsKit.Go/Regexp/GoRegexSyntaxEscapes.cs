using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Regexp;

/// <summary>Escapes of <see cref="GoRegexSyntax"/> (Go's <c>parseEscape</c>): assertions <c>\A \z \b \B</c>, quoted text
/// <c>\Q…\E</c>, class escapes, and literal escapes (<c>\n \x41 \x{263a} \012 \.</c>) written as .NET literals.</summary>
public sealed partial class GoRegexSyntax
{
    private void Escape()
    {
        var start = _pos;
        if (_pos + 1 >= _expr.Length) throw Fail("trailing backslash at end of expression", "");
        var c = _expr[_pos + 1];
        switch (c)
        {
            case 'A':
                _out.Append("(?:\\A)");
                _pos += 2;
                break;
            case 'z':
                _out.Append("(?:\\z)");
                _pos += 2;
                break;
            case 'b' or 'B':
                _out.Append("(?:\\").Append(c).Append(')');
                _pos += 2;
                break;
            case 'Q':
                var end = _expr.IndexOf("\\E", _pos + 2, StringComparison.Ordinal);
                var text = end < 0 ? _expr[(_pos + 2)..] : _expr[(_pos + 2)..end];
                _pos = end < 0 ? _expr.Length : end + 2;
                if (text.Length == 0) return;
                // each character a literal of its own, so a following quantifier takes only the last (as in Go)
                foreach (var r in text.EnumerateRunes()) _out.Append(Literal(r.Value));
                break;
            case 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P':
                var set = ClassEscape(start);
                _out.Append(set.StartsWith("\\u0000", StringComparison.Ordinal) || set.StartsWith("\\P", StringComparison.Ordinal) || set == "\\s\\S" ? AnyOf("[" + set + "]") : "[" + set + "]");
                break;
            default:
                _out.Append(Literal(EscapedChar(start)));
                break;
        }
        Atom();
    }

    /// <summary>A literal escape (<c>\n \x41 \x{263a} \012 \.</c>) at <paramref name="start"/>; the code point it stands for.</summary>
    private int EscapedChar(int start)
    {
        if (start + 1 >= _expr.Length) throw Fail("trailing backslash at end of expression", "");
        var c = _expr[start + 1];
        _pos = start + 2;
        switch (c)
        {
            case 'a': return 7;
            case 'f': return 12;
            case 't': return 9;
            case 'n': return 10;
            case 'r': return 13;
            case 'v': return 11;
            case >= '1' and <= '7' when _pos >= _expr.Length || _expr[_pos] is < '0' or > '7':
                throw Fail("invalid escape sequence", _expr[start.._pos]);
            case >= '0' and <= '7':
                var value = c - '0';
                for (var k = 0; k < 2 && _pos < _expr.Length && _expr[_pos] is >= '0' and <= '7'; k++) value = (value * 8) + (_expr[_pos++] - '0');
                return value;
            case 'x':
                return HexEscape(start);
        }
        if (c < 0x80 && !char.IsAsciiLetterOrDigit(c)) return c;
        var rune = Rune.GetRuneAt(_expr, start + 1);
        throw Fail("invalid escape sequence", "\\" + rune);
    }

    /// <summary>Go's <c>\xHH</c> and <c>\x{H…}</c>: the error names the text up to the character that made it invalid.</summary>
    private int HexEscape(int start)
    {
        GoException Bad() => Fail("invalid escape sequence", _expr[start..Math.Min(_expr.Length, _pos)]);
        int Next() => _pos < _expr.Length ? _expr[_pos++] : -1;
        var c = Next();
        if (c < 0) throw Bad();
        if (c == '{')
        {
            var digits = 0;
            var value = 0;
            while (true)
            {
                c = Next();
                if (c < 0) throw Bad();
                if (c == '}') break;
                if (!char.IsAsciiHexDigit((char)c)) throw Bad();
                value = (value * 16) + Convert.ToInt32(((char)c).ToString(), 16);
                if (value > 0x10FFFF) throw Bad();
                digits++;
            }
            if (digits == 0) throw Bad();
            return value;
        }
        var low = Next();
        if (low < 0 || !char.IsAsciiHexDigit((char)c) || !char.IsAsciiHexDigit((char)low)) throw Bad();
        return Convert.ToInt32(((char)c).ToString() + (char)low, 16);
    }

    /// <summary>A code point as a .NET literal (an astral one as a group, so a quantifier takes both UTF-16 units).</summary>
    private static string Literal(int cp)
    {
        if (cp > 0xFFFF) return "(?:" + char.ConvertFromUtf32(cp) + ")";
        if (cp < 0x80 && !char.IsAsciiLetterOrDigit((char)cp) && cp != '_' || cp is >= 0xD800 and <= 0xDFFF) return "\\u" + cp.ToString("X4", CultureInfo.InvariantCulture);
        return ((char)cp).ToString();
    }
}
