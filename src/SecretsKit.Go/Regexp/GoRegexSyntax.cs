using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Regexp;

/// <summary>
/// Reads a Go (RE2) regular expression and writes the .NET pattern that matches the same text, or fails with Go's
/// <c>error parsing regexp: CODE: `ARG`</c>. Go accepts less than .NET (no lookaround, backreferences, atomic groups,
/// <c>(?&lt;name&gt;</c> before Go 1.22, <c>\Z</c>, possessive quantifiers) and means some things differently: <c>$</c> is the
/// end of the text unless <c>(?m)</c>, <c>\d \w \s</c> and POSIX classes are ASCII, <c>(?U)</c> swaps greediness, groups are
/// numbered left to right whether named or not (so names are kept here, and .NET sees only numbered groups).
/// </summary>
public sealed partial class GoRegexSyntax
{
    private readonly string _expr;
    private readonly StringBuilder _out = new();
    private readonly List<string> _names = [""];
    private readonly Stack<(bool Multi, bool Ungreedy)> _scopes = new();
    private bool _multi;
    private bool _ungreedy;
    private int _pos;
    private readonly GoRegexRepeats _repeats = new();
    private bool _haveAtom;
    private int _lastRepeat = -1;

    private GoRegexSyntax(string expr) => _expr = expr;

    /// <summary>The .NET pattern and the group names by number (index 0 is the whole match; unnamed groups are "").</summary>
    public static (string Pattern, IReadOnlyList<string> Names) Translate(string expr)
    {
        var p = new GoRegexSyntax(expr);
        p.Parse();
        return (p._out.ToString(), p._names);
    }

    private static GoException Fail(string code, string arg) => new($"error parsing regexp: {code}: `{arg}`");

    private void Parse()
    {
        while (_pos < _expr.Length)
        {
            var c = _expr[_pos];
            switch (c)
            {
                case '(':
                    OpenGroup();
                    break;
                case ')':
                    if (_scopes.Count == 0) throw Fail("unexpected )", _expr);
                    (_multi, _ungreedy) = _scopes.Pop();
                    _out.Append(')');
                    _pos++;
                    _repeats.Close();
                    _haveAtom = true;
                    _lastRepeat = -1;
                    break;
                case '|':
                    _out.Append('|');
                    _pos++;
                    _repeats.Alternate();
                    _haveAtom = false;
                    _lastRepeat = -1;
                    break;
                case '*' or '+' or '?':
                    Repeat(_pos, _pos + 1, c.ToString());
                    break;
                case '{' when TryRepeatBraces(out var end, out var min, out var max):
                    if (min > 1000 || max > 1000 || (max >= 0 && max < min)) throw Fail("invalid repeat count", _expr[_pos..end]);
                    var start = _pos;
                    Repeat(_pos, end, "{" + min + (max == min ? "" : "," + (max < 0 ? "" : max.ToString(CultureInfo.InvariantCulture))) + "}");
                    if (!_repeats.Repeat(min, max)) throw Fail("invalid repeat count", _expr[start.._pos]);
                    break;
                case '^':
                    _out.Append(_multi ? "(?:^)" : "(?:\\A)");
                    _pos++;
                    Atom();
                    break;
                case '$':
                    _out.Append(_multi ? "(?:$)" : "(?:\\z)");
                    _pos++;
                    Atom();
                    break;
                case '.':
                    // Go's . is one character; in UTF-16 a character beyond U+FFFF is a surrogate pair
                    _out.Append(AnyOf("."));
                    _pos++;
                    Atom();
                    break;
                case '[':
                    var cls = ParseClass();
                    _out.Append(cls.StartsWith("[^", StringComparison.Ordinal) ? AnyOf(cls) : cls);
                    Atom();
                    break;
                case '\\':
                    Escape();
                    break;
                default:
                    var rune = Rune.GetRuneAt(_expr, _pos);
                    _pos += rune.Utf16SequenceLength;
                    _out.Append(Literal(rune.Value));
                    Atom();
                    break;
            }
        }
        if (_scopes.Count > 0) throw Fail("missing closing )", _expr);
    }

    /// <summary>A one-character pattern that also takes a whole surrogate pair (one Go rune beyond U+FFFF).</summary>
    private static string AnyOf(string single) => "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|" + single + ")";

    private void Atom()
    {
        _repeats.Atom();
        _haveAtom = true;
        _lastRepeat = -1;
    }

    private void Repeat(int start, int end, string op)
    {
        var lazy = end < _expr.Length && _expr[end] == '?';
        if (lazy) end++;
        if (_lastRepeat >= 0) throw Fail("invalid nested repetition operator", _expr[_lastRepeat..end]);
        if (!_haveAtom) throw Fail("missing argument to repetition operator", _expr[start..end]);
        _out.Append(op);
        if (lazy != _ungreedy) _out.Append('?');
        _pos = end;
        _lastRepeat = start;
    }

    private bool TryRepeatBraces(out int end, out int min, out int max)
    {
        (end, min, max) = (0, 0, -1);
        var i = _pos + 1;
        var a = Number(ref i);
        if (a is null) return false;
        min = a.Value;
        if (i < _expr.Length && _expr[i] == ',')
        {
            i++;
            if (i < _expr.Length && _expr[i] == '}') max = -1;
            else if (Number(ref i) is { } b) max = b;
            else return false;
        }
        else max = min;
        if (i >= _expr.Length || _expr[i] != '}') return false;
        end = i + 1;
        return true;
    }

    private int? Number(ref int i)
    {
        var start = i;
        while (i < _expr.Length && char.IsAsciiDigit(_expr[i])) i++;
        if (i == start || (_expr[start] == '0' && i - start > 1)) return null;
        return i - start > 8 ? 1_000_001 : int.Parse(_expr.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    private void OpenGroup()
    {
        var start = _pos;
        _scopes.Push((_multi, _ungreedy));
        if (!Next("(?"))
        {
            _pos++;
            _names.Add("");
            _out.Append('(');
            NewConcat();
            return;
        }
        if (Next("(?P<"))
        {
            var close = _expr.IndexOf('>', start);
            if (close < 0) throw Fail("invalid named capture", _expr[start..]);
            var name = _expr[(start + 4)..close];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')) throw Fail("invalid named capture", _expr[start..(close + 1)]);
            _names.Add(name);
            _out.Append('(');
            _pos = close + 1;
            NewConcat();
            return;
        }
        // flags: (?ims-U) or (?ims-U:re)
        var i = start + 2;
        bool? sign = null;
        var sawFlag = false;
        var (multi, ungreedy) = (_multi, _ungreedy);
        var net = new StringBuilder();
        while (true)
        {
            if (i >= _expr.Length) throw Fail("invalid or unsupported Perl syntax", _expr[start..]);
            var c = _expr[i];
            switch (c)
            {
                case 'i' or 's' or 'm' or 'U':
                    var on = sign != false;
                    if (c == 'm') multi = on;
                    if (c == 'U') ungreedy = on;
                    if (c is 'i' or 's') net.Append(on ? "" : "-").Append(c);
                    if (c == 'm') net.Append(on ? "" : "-").Append('m');
                    sawFlag = true;
                    i++;
                    continue;
                case '-' when sign is null:
                    sign = false;
                    sawFlag = false;
                    i++;
                    continue;
                case ':' or ')' when sign != false || sawFlag:
                    var flags = NetFlags(net.ToString());
                    if (c == ')')
                    {
                        _scopes.Pop();
                        (_multi, _ungreedy) = (multi, ungreedy);
                        if (flags.Length > 0) _out.Append("(?").Append(flags).Append(')');
                        _pos = i + 1;
                        return;
                    }
                    (_multi, _ungreedy) = (multi, ungreedy);
                    _out.Append("(?").Append(flags).Append(':');
                    _pos = i + 1;
                    NewConcat();
                    return;
                default:
                    throw Fail("invalid or unsupported Perl syntax", _expr[start..(i + 1)]);
            }
        }
    }

    // .NET wants the positive flags before a single '-'.
    private static string NetFlags(string flags)
    {
        var on = new StringBuilder();
        var off = new StringBuilder();
        for (var i = 0; i < flags.Length; i++)
        {
            if (flags[i] == '-') off.Append(flags[++i]);
            else on.Append(flags[i]);
        }
        return on + (off.Length > 0 ? "-" + off : "");
    }

    private void NewConcat()
    {
        if (_scopes.Count > 1000) throw new GoException($"error parsing regexp: expression nests too deeply: `{_expr}`");
        _repeats.Open();
        _haveAtom = false;
        _lastRepeat = -1;
    }

    private bool Next(string prefix) => string.CompareOrdinal(_expr, _pos, prefix, 0, prefix.Length) == 0;

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
