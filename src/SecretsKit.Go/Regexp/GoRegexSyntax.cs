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
                    CloseGroup();
                    break;
                case '|':
                    VerticalBar();
                    break;
                case '*' or '+' or '?':
                    Repeat(_pos, _pos + 1, c.ToString());
                    break;
                case '{' when TryRepeatBraces(out var end, out var min, out var max):
                    RepeatBraces(end, min, max);
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

    /// <summary>Go's <c>parseRightParen</c>: the group ends, its flags go back to those outside it.</summary>
    private void CloseGroup()
    {
        if (_scopes.Count == 0) throw Fail("unexpected )", _expr);
        (_multi, _ungreedy) = _scopes.Pop();
        _out.Append(')');
        _pos++;
        _repeats.Close();
        _haveAtom = true;
        _lastRepeat = -1;
    }

    /// <summary>Go's <c>parseVerticalBar</c>: a new alternative, which has no atom yet.</summary>
    private void VerticalBar()
    {
        _out.Append('|');
        _pos++;
        _repeats.Alternate();
        _haveAtom = false;
        _lastRepeat = -1;
    }

    /// <summary>A counted repetition <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> ending before <paramref name="end"/>.</summary>
    private void RepeatBraces(int end, int min, int max)
    {
        if (min > 1000 || max > 1000 || (max >= 0 && max < min)) throw Fail("invalid repeat count", _expr[_pos..end]);
        var start = _pos;
        Repeat(_pos, end, "{" + min + (max == min ? "" : "," + (max < 0 ? "" : max.ToString(CultureInfo.InvariantCulture))) + "}");
        if (!_repeats.Repeat(min, max)) throw Fail("invalid repeat count", _expr[start.._pos]);
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
        // (?P<name>re), and since Go 1.22 (?<name>re)
        var left = _expr.Length - _pos;
        var named = left > 4 && Next("(?P<") ? 4 : left > 3 && Next("(?<") ? 3 : 0;
        if (named > 0)
        {
            var close = _expr.IndexOf('>', start);
            if (close < 0) throw Fail("invalid named capture", _expr[start..]);
            var name = _expr[(start + named)..close];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')) throw Fail("invalid named capture", _expr[start..(close + 1)]);
            _names.Add(name);
            _out.Append('(');
            _pos = close + 1;
            NewConcat();
            return;
        }
        PerlFlags(start);
    }

    /// <summary>Go's <c>parsePerlFlags</c> for <c>(?ims-U)</c> (flags for the rest of the group) and <c>(?ims-U:re)</c> (a
    /// non-capturing group with its own flags); .NET takes <c>i s m</c> as they are, <c>U</c> is kept here.</summary>
    private void PerlFlags(int start)
    {
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
}
