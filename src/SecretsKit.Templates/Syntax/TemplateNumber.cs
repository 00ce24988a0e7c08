using System.Globalization;
using System.Numerics;
using System.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Values;

namespace SecretsKit.Templates.Syntax;

/// <summary>
/// Go's number and character constants in templates: the lexer's <c>scanNumber</c> (signs, <c>0x 0o 0b</c> and
/// leading-0 octal, <c>_</c>, fractions, exponents, hex floats with <c>p</c>, imaginary <c>i</c>, <c>1+2i</c>), the
/// parser's <c>newNumber</c> and the evaluator's ideal constants: an int unless the text looks like a float
/// (<c>. e E p P</c>, not a hex int or rune), a float64 then, a complex128 for imaginary parts, <c>'a'</c> an int.
/// </summary>
internal static class TemplateNumber
{
    /// <summary>A constant that parses but cannot be a Go int (Go fails at execution: <c>TEXT overflows int</c>).</summary>
    internal sealed record Overflow(string Text);

    /// <summary>Go's <c>scanNumber</c> from <paramref name="i"/>: the end offset, or -1 (with the bad text's end) for "bad number syntax".</summary>
    public static (int End, bool Ok) Scan(string s, int i)
    {
        bool Accept(string valid)
        {
            if (i < s.Length && valid.Contains(s[i], StringComparison.Ordinal))
            {
                i++;
                return true;
            }
            return false;
        }
        void AcceptRun(string valid)
        {
            while (i < s.Length && valid.Contains(s[i], StringComparison.Ordinal)) i++;
        }
        Accept("+-");
        var digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX")) digits = "0123456789abcdefABCDEF_";
            else if (Accept("oO")) digits = "01234567_";
            else if (Accept("bB")) digits = "01_";
        }
        AcceptRun(digits);
        if (Accept(".")) AcceptRun(digits);
        if (digits.Length == 11 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        if (digits.Length == 23 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        Accept("i");
        if (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) return (i + 1, false);
        return (i, true);
    }

    /// <summary>The constant's template value (long, double, Complex, or <see cref="Overflow"/>), or an error message.</summary>
    public static (object? Value, string? Error) Parse(string text, bool isComplexPair)
    {
        if (isComplexPair) return ParseComplexPair(text);
        if (text.Length > 0 && text[^1] == 'i' && GoStrconv.TryParseFloat(text[..^1], out var imaginary))
        {
            return (new Complex(0, imaginary), null);
        }
        var isUint = GoStrconv.TryParseUint(text, out _);
        var isInt = GoStrconv.TryParseInt(text, out var integer);
        if (isInt || isUint)
        {
            if (LooksFloat(text) && GoStrconv.TryParseFloat(text, out var f0)) return (f0, null);
            return isInt ? (integer, null) : (new Overflow(text), null);
        }
        if (!GoStrconv.TryParseFloat(text, out var f)) return (null, $"illegal number syntax: {GoQuote.Quote(text, false)}");
        if (text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) < 0) return (null, $"integer overflow: {GoQuote.Quote(text, false)}");
        return LooksFloat(text) ? (f, null) : (GoConvert.FloatToInt64(f) is var n && n == f ? n : new Overflow(text), null);
    }

    /// <summary>Go's <c>idealConstant</c> float test: <c>. e E p P</c> in the text, not a hex int (<c>0x1E</c>).</summary>
    private static bool LooksFloat(string text)
    {
        var body = text.TrimStart('+', '-');
        var hexInt = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && body.IndexOfAny(['p', 'P']) < 0;
        return !hexInt && text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0;
    }

    private static (object? Value, string? Error) ParseComplexPair(string text)
    {
        // "1+2i": the real part, then a signed imaginary part (a sign after e/E/p/P belongs to an exponent)
        for (var k = text.Length - 2; k > 0; k--)
        {
            if (text[k] is not ('+' or '-') || text[k - 1] is 'e' or 'E' or 'p' or 'P') continue;
            if (GoStrconv.TryParseFloat(text[..k], out var re) && GoStrconv.TryParseFloat(text[k..^1], out var im)) return (new Complex(re, im), null);
            break;
        }
        return (null, $"expected integer");
    }

    /// <summary>A character constant <c>'x'</c> (Go's <c>strconv.UnquoteChar</c> rules) as its code point.</summary>
    public static (long Value, string? Error) ParseChar(string text)
    {
        var body = text[1..^1];
        if (body.Length == 0) return (0, "invalid syntax");
        int rune;
        int used;
        if (body[0] != '\\')
        {
            if (char.IsHighSurrogate(body[0]) && body.Length > 1) (rune, used) = (char.ConvertToUtf32(body[0], body[1]), 2);
            else (rune, used) = (body[0], 1);
            if (rune == '\'') return (0, "invalid syntax");
        }
        else
        {
            var sb = new StringBuilder();
            if (body.Length < 2) return (0, "invalid syntax");
            var simple = body[1] switch
            {
                'a' => 7, 'b' => 8, 'f' => 12, 'n' => 10, 'r' => 13, 't' => 9, 'v' => 11, '\\' => '\\', '\'' => '\'', _ => -1,
            };
            if (simple >= 0) (rune, used) = (simple, 2);
            else
            {
                var (digits, radix) = body[1] switch { 'x' => (2, 16), 'u' => (4, 16), 'U' => (8, 16), >= '0' and <= '7' => (3, 8), _ => (0, 0) };
                var start = radix == 8 ? 1 : 2;
                if (digits == 0 || body.Length < start + digits) return (0, "invalid syntax");
                long v = 0;
                foreach (var c in body.AsSpan(start, digits))
                {
                    var d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : 99;
                    if (d >= radix) return (0, "invalid syntax");
                    v = v * radix + d;
                }
                if (v > 0x10FFFF || (body[1] is 'u' or 'U' && v is >= 0xD800 and <= 0xDFFF) || (radix == 8 && v > 255)) return (0, "invalid syntax");
                (rune, used) = ((int)v, start + digits);
            }
        }
        return used == body.Length ? (rune, null) : (0, $"malformed character constant: {text}");
    }
}
