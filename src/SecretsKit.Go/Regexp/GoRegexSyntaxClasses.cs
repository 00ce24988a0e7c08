using System.Text;

namespace SecretsKit.Go.Regexp;

/// <summary>Character classes of <see cref="GoRegexSyntax"/>: <c>[…]</c> with ranges and POSIX names, Perl <c>\d \w \s</c> and Unicode <c>\pN \p{Lu}</c>.</summary>
public sealed partial class GoRegexSyntax
{
    /// <summary>A Perl or Unicode class escape at <paramref name="start"/>, as the inside of a .NET character class.</summary>
    private string ClassEscape(int start)
    {
        var c = _expr[start + 1];
        _pos = start + 2;
        switch (c)
        {
            case 'd': return GoRegexClasses.Digits;
            case 'D': return GoRegexClasses.Complement(GoRegexClasses.Digits);
            case 'w': return GoRegexClasses.Word;
            case 'W': return GoRegexClasses.Complement(GoRegexClasses.Word);
            case 's': return GoRegexClasses.Space;
            case 'S': return GoRegexClasses.Complement(GoRegexClasses.Space);
        }
        // \pN, \p{Name}, \PN, \p{^Name}
        string name;
        if (_pos < _expr.Length && _expr[_pos] == '{')
        {
            var close = _expr.IndexOf('}', _pos);
            if (close < 0) throw Fail("invalid character class range", _expr[start..]);
            name = _expr[(_pos + 1)..close];
            _pos = close + 1;
        }
        else if (_pos < _expr.Length)
        {
            name = _expr[_pos].ToString();
            _pos++;
        }
        else throw Fail("invalid character class range", _expr[start..]);
        var negate = c == 'P';
        if (name.StartsWith('^'))
        {
            negate = !negate;
            name = name[1..];
        }
        if (name == "Any") return negate ? "" : "\\s\\S";
        if (!UnicodeCategories.Contains(name)) throw Fail("invalid character class range", _expr[start.._pos]);
        return (negate ? "\\P{" : "\\p{") + name + "}";
    }

    private static readonly HashSet<string> UnicodeCategories = new(StringComparer.Ordinal)
    {
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi",
        "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Co", "Cs",
    };

    private string ParseClass()
    {
        var start = _pos;
        _pos++;
        var negate = _pos < _expr.Length && _expr[_pos] == '^';
        if (negate) _pos++;
        var items = new StringBuilder();
        var first = true;
        while (true)
        {
            if (_pos >= _expr.Length) throw Fail("missing closing ]", _expr[start..]);
            var c = _expr[_pos];
            if (c == ']' && !first) break;
            first = false;
            if (c == '[' && Next("[:"))
            {
                var close = _expr.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    var name = _expr[(_pos + 2)..close];
                    var neg = name.StartsWith('^');
                    var set = GoRegexClasses.Posix(neg ? name[1..] : name) ?? throw Fail("invalid character class range", _expr[_pos..(close + 2)]);
                    items.Append(neg ? GoRegexClasses.Complement(set) : set);
                    _pos = close + 2;
                    continue;
                }
            }
            if (c == '\\' && _pos + 1 < _expr.Length && _expr[_pos + 1] is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P')
            {
                items.Append(ClassEscape(_pos));
                continue;
            }
            var lowStart = _pos;
            var lo = ClassChar();
            if (_pos + 1 < _expr.Length && _expr[_pos] == '-' && _expr[_pos + 1] != ']')
            {
                _pos++;
                var hi = ClassChar();
                if (hi < lo) throw Fail("invalid character class range", _expr[lowStart.._pos]);
                items.Append(GoRegexClasses.Literal(lo)).Append('-').Append(GoRegexClasses.Literal(hi));
            }
            else items.Append(GoRegexClasses.Literal(lo));
        }
        _pos++;
        if (items.Length == 0) return negate ? "[\\s\\S]" : "[^\\s\\S]";
        return "[" + (negate ? "^" : "") + items + "]";
    }

    private int ClassChar()
    {
        if (_expr[_pos] == '\\') return EscapedChar(_pos);
        var r = Rune.GetRuneAt(_expr, _pos);
        _pos += r.Utf16SequenceLength;
        return r.Value;
    }
}
