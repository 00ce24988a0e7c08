using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Regexp;

/// <summary>Go's ASCII character classes (Perl <c>\d \w \s</c>, POSIX <c>[:alpha:]</c>) written as the inside of .NET classes.</summary>
public static class GoRegexClasses
{
    public const string Digits = "0-9";
    public const string Word = "0-9A-Z_a-z";
    public const string Space = "\\t\\n\\f\\r ";

    // Astral code points cannot sit in a .NET class (UTF-16); they are clamped to U+FFFF (documented deviation).
    public static string Literal(int cp) => "\\u" + Math.Min(cp, 0xFFFF).ToString("X4", CultureInfo.InvariantCulture);

    public static string? Posix(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\u0000-\\u007F",
        "blank" => "\\t ",
        "cntrl" => "\\u0000-\\u001F\\u007F",
        "digit" => Digits,
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => Word,
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };

    /// <summary>The complement (within the BMP) of a set written as ASCII ranges and escapes.</summary>
    public static string Complement(string set)
    {
        var included = new bool[0x80];
        var chars = Unescape(set);
        for (var i = 0; i < chars.Count; i++)
        {
            if (i + 2 < chars.Count && chars[i + 1] == -1)
            {
                for (var k = chars[i]; k <= chars[i + 2]; k++) included[k] = true;
                i += 2;
            }
            else included[chars[i]] = true;
        }
        var sb = new StringBuilder();
        var s = 0;
        while (s < 0x80)
        {
            if (included[s])
            {
                s++;
                continue;
            }
            var e = s;
            while (e + 1 < 0x80 && !included[e + 1]) e++;
            sb.Append(Literal(s)).Append('-').Append(Literal(e == 0x7F ? 0xFFFF : e));
            s = e + 1;
        }
        if (included[0x7F]) sb.Append("\\u0080-\\uFFFF");
        return sb.ToString();
    }

    // Reads the small ASCII set notation above: '-' between two chars is a range (-1), escapes \t \n \v \f \r \uXXXX \[ .
    private static List<int> Unescape(string set)
    {
        var list = new List<int>();
        for (var i = 0; i < set.Length; i++)
        {
            var c = set[i];
            if (c == '-' && list.Count > 0 && i + 1 < set.Length) list.Add(-1);
            else if (c != '\\') list.Add(c);
            else
            {
                var e = set[++i];
                if (e == 'u')
                {
                    list.Add(int.Parse(set.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                }
                else list.Add(e switch { 't' => 9, 'n' => 10, 'v' => 11, 'f' => 12, 'r' => 13, _ => e });
            }
        }
        return list;
    }
}
