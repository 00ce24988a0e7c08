using System.Globalization;

namespace SecretsKit.Go.Regexp;

/// <summary>
/// Reads a Go regular expression that <see cref="GoRegexSyntax"/> has accepted into a <see cref="GoRegexTree"/>, or
/// answers null when it uses what the tree does not hold: flags (<c>(?i)</c>, <c>(?m)</c>, <c>(?s)</c>, <c>(?U)</c>), word
/// boundaries, Unicode and POSIX classes, <c>\Q…\E</c>, octal escapes, nesting past <see cref="MaxDepth"/>. Go's syntax as
/// its parser reads it with the Perl flags <c>regexp.Compile</c> uses: <c>^</c>/<c>$</c> are the text's ends, <c>.</c> is
/// every rune but a newline, a negated class also matches a newline, <c>\d \s \w</c> are ASCII, an escaped punctuation
/// character is itself, and a <c>{</c> that does not start a valid repeat is a literal.
/// </summary>
internal sealed class GoRegexTreeParser
{
    private const int MaxDepth = 100;
    private readonly string _s;
    private int _pos;
    private int _depth;

    private GoRegexTreeParser(string expr) => _s = expr;

    public static GoRegexTree? TryParse(string expr)
    {
        var parser = new GoRegexTreeParser(expr);
        var tree = parser.Alternation();
        return tree is not null && parser._pos == expr.Length ? tree : null;
    }

    private bool At(char c) => _pos < _s.Length && _s[_pos] == c;

    private GoRegexTree? Alternation()
    {
        if (++_depth > MaxDepth) return null;
        var items = new List<GoRegexTree>();
        while (true)
        {
            if (Sequence() is not { } sequence) return null;
            items.Add(sequence);
            if (!At('|')) break;
            _pos++;
        }
        _depth--;
        return items.Count == 1 ? items[0] : new GoRegexTree.Choice(items);
    }

    private GoRegexTree? Sequence()
    {
        var items = new List<GoRegexTree>();
        while (_pos < _s.Length && _s[_pos] is not ('|' or ')'))
        {
            if (Atom() is not { } atom) return null;
            if (Repeated(atom) is not { } item) return null;
            items.Add(item);
        }
        return items.Count == 1 ? items[0] : new GoRegexTree.Sequence(items);
    }

    private GoRegexTree? Repeated(GoRegexTree atom)
    {
        int min, max;
        if (At('*')) (min, max, _pos) = (0, -1, _pos + 1);
        else if (At('+')) (min, max, _pos) = (1, -1, _pos + 1);
        else if (At('?')) (min, max, _pos) = (0, 1, _pos + 1);
        else if (TryBraces(out var end, out min, out max)) _pos = end;
        else return atom;
        if (At('?')) _pos++; // non-greedy: the same texts match
        // Go refuses a repeat of a repeat (a**), so one more operator here is not Go's syntax
        return _pos < _s.Length && (_s[_pos] is '*' or '+' or '?' || TryBraces(out _, out _, out _)) ? null : new GoRegexTree.Repeat(atom, min, max);
    }

    // {n}, {n,} or {n,m} at _pos, as Go reads it: anything else leaves the brace a literal.
    private bool TryBraces(out int end, out int min, out int max)
    {
        (end, min, max) = (0, 0, 0);
        if (!At('{')) return false;
        var i = _pos + 1;
        if (!Number(ref i, out min)) return false;
        max = min;
        if (i < _s.Length && _s[i] == ',')
        {
            i++;
            if (i < _s.Length && _s[i] == '}') max = -1;
            else if (!Number(ref i, out max)) return false;
        }
        if (i >= _s.Length || _s[i] != '}') return false;
        end = i + 1;
        return true;
    }

    private bool Number(ref int i, out int value)
    {
        var start = i;
        while (i < _s.Length && char.IsAsciiDigit(_s[i]) && i - start < 8) i++;
        if (i - start > 1 && _s[start] == '0') // Go reads a leading zero as no count, so the brace is a literal
        {
            value = 0;
            return false;
        }
        return int.TryParse(_s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private GoRegexTree? Atom()
    {
        var c = _s[_pos];
        switch (c)
        {
            case '(':
                return Group();
            case '[':
                _pos++;
                return Class() is { } set ? new GoRegexTree.Rune(set) : null;
            case '.':
                _pos++;
                return new GoRegexTree.Rune(GoRuneSet.AnyButNewline);
            case '^' or '$':
                _pos++;
                return new GoRegexTree.Anchor(c == '^');
            case '\\':
                return Escape();
            case '*' or '+' or '?':
                return null;
            case '{' when TryBraces(out _, out _, out _):
                return null;
            default:
                return new GoRegexTree.Rune(Single(NextRune()));
        }
    }

    private static GoRuneSet Single(int rune) => GoRuneSet.Of([(rune, rune)]);

    private int NextRune()
    {
        var rune = char.IsSurrogatePair(_s, _pos) ? char.ConvertToUtf32(_s[_pos], _s[_pos + 1]) : _s[_pos];
        _pos += rune > 0xFFFF ? 2 : 1;
        return rune;
    }

    private GoRegexTree? Group()
    {
        _pos++;
        if (At('?'))
        {
            if (_pos + 1 < _s.Length && _s[_pos + 1] == ':') _pos += 2;
            else if (_s.AsSpan(_pos).StartsWith("?P<", StringComparison.Ordinal) || _s.AsSpan(_pos).StartsWith("?<", StringComparison.Ordinal))
            {
                var close = _s.IndexOf('>', _pos);
                if (close < 0) return null;
                _pos = close + 1;
            }
            else return null; // flags
        }
        var inner = Alternation();
        if (inner is null || !At(')')) return null;
        _pos++;
        return inner;
    }

    private GoRegexTree? Escape()
    {
        if (_pos + 1 >= _s.Length) return null;
        var c = _s[_pos + 1];
        switch (c)
        {
            case 'A' or 'z':
                _pos += 2;
                return new GoRegexTree.Anchor(c == 'A');
            case 'd' or 'D' or 's' or 'S' or 'w' or 'W':
                _pos += 2;
                return new GoRegexTree.Rune(GoRuneSet.Of(GoRuneSet.Perl(c), negate: char.IsUpper(c)));
            default:
                return EscapedRune() is { } rune ? new GoRegexTree.Rune(Single(rune)) : null;
        }
    }

    // A single-rune escape at _pos (the backslash): an escaped punctuation character, \a \f \t \n \r \v, \xHH, \x{H…}.
    private int? EscapedRune()
    {
        if (_pos + 1 >= _s.Length) return null;
        var c = _s[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'a': return 7;
            case 'f': return '\f';
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'v': return '\v';
            case 'x': return Hex();
            default:
                return c < 0x80 && !char.IsAsciiLetterOrDigit(c) ? c : null;
        }
    }

    private int? Hex()
    {
        int start, end;
        if (At('{'))
        {
            start = _pos + 1;
            end = _s.IndexOf('}', start);
            if (end < 0) return null;
            _pos = end + 1;
        }
        else
        {
            (start, end) = (_pos, _pos + 2);
            if (end > _s.Length) return null;
            _pos = end;
        }
        return int.TryParse(_s.AsSpan(start, end - start), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            && value <= 0x10FFFF ? value : null;
    }

    // After the '[': the class up to and past its ']'.
    private GoRuneSet? Class()
    {
        var negate = At('^');
        if (negate) _pos++;
        var ranges = new List<(int Lo, int Hi)>();
        for (var first = true; _pos < _s.Length && (_s[_pos] != ']' || first); first = false)
        {
            if (_s.AsSpan(_pos).StartsWith("[:", StringComparison.Ordinal)) return null;
            if (At('\\') && _pos + 1 < _s.Length && _s[_pos + 1] is 'd' or 'D' or 's' or 'S' or 'w' or 'W')
            {
                var name = _s[_pos + 1];
                ranges.AddRange(char.IsUpper(name) ? GoRuneSet.Negated(GoRuneSet.Perl(name)) : GoRuneSet.Perl(name));
                _pos += 2;
                continue;
            }
            if (ClassRune() is not { } lo) return null;
            var hi = lo;
            if (_pos + 1 < _s.Length && _s[_pos] == '-' && _s[_pos + 1] != ']')
            {
                _pos++;
                if (ClassRune() is not { } upper || upper < lo) return null;
                hi = upper;
            }
            ranges.Add((lo, hi));
        }
        if (!At(']')) return null;
        _pos++;
        return GoRuneSet.Of(ranges, negate);
    }

    private int? ClassRune() => At('\\') ? EscapedRune() : NextRune();
}
