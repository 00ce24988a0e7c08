using System.Globalization;

namespace SecretsKit.Deploy.UnitTest.Values;

/// <summary>A JSONPath filter expression (<c>@.a.b == "x" &amp;&amp; @.c</c>): comparisons of a relative path with a literal, joined by <c>&amp;&amp;</c> / <c>||</c>.</summary>
internal sealed class YamlPathFilter
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">", "=~"];

    private readonly List<List<(string Path, string? Op, object? Literal)>> _anyOf;

    private YamlPathFilter(List<List<(string, string?, object?)>> anyOf) => _anyOf = anyOf;

    public static YamlPathFilter Parse(string expression) =>
        new(SplitOutsideQuotes(expression, "||").Select(or => SplitOutsideQuotes(or, "&&").Select(Term).ToList()).ToList());

    public bool Matches(object? node) => _anyOf.Any(all => all.All(t => Holds(node, t.Path, t.Op, t.Literal)));

    private static (string, string?, object?) Term(string text)
    {
        text = text.Trim();
        if (text.StartsWith('(') && text.EndsWith(')')) text = text[1..^1].Trim();
        foreach (var op in Operators)
        {
            var at = IndexOutsideQuotes(text, op);
            if (at < 0) continue;
            return (RelativePath(text[..at].Trim()), op, Literal(text[(at + op.Length)..].Trim()));
        }
        return (RelativePath(text), null, null);
    }

    private static string RelativePath(string text)
    {
        if (!text.StartsWith('@')) throw new YamlPathException($"invalid filter: {text}");
        var rest = text[1..];
        return rest.StartsWith('.') ? rest[1..] : rest;
    }

    private static object? Literal(string text)
    {
        if (text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0]) return YamlPath.Unquote(text);
        if (text is "true" or "false") return text == "true";
        if (text == "null") return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw new YamlPathException($"invalid filter literal: {text}");
    }

    private static bool Holds(object? node, string path, string? op, object? literal)
    {
        var found = path.Length == 0 ? [node] : YamlPath.Find(node, path);
        if (op is null) return found.Count > 0;
        return found.Any(v => Compare(v, op, literal));
    }

    private static bool Compare(object? value, string op, object? literal)
    {
        if (op == "==") return Equal(value, literal);
        if (op == "!=") return !Equal(value, literal);
        if (op == "=~") return value is string s && literal is string p && Go.Regexp.GoRegex.Compile(p).IsMatch(s);
        int? c = (value, literal) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            _ when Number(value) is { } a && Number(literal) is { } b => a.CompareTo(b),
            _ => null,
        };
        return c is { } r && op switch { "<" => r < 0, ">" => r > 0, "<=" => r <= 0, _ => r >= 0 };
    }

    private static bool Equal(object? value, object? literal) =>
        Number(value) is { } a && Number(literal) is { } b ? a == b : ManifestValues.DeepEqual(value, literal);

    private static double? Number(object? v) => v switch { long l => l, double d => d, _ => null };

    private static List<string> SplitOutsideQuotes(string text, string separator)
    {
        var parts = new List<string>();
        var start = 0;
        int at;
        while ((at = IndexOutsideQuotes(text, separator, start)) >= 0)
        {
            parts.Add(text[start..at]);
            start = at + separator.Length;
        }
        parts.Add(text[start..]);
        return parts;
    }

    private static int IndexOutsideQuotes(string text, string token, int from = 0)
    {
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            if (quote is { } q) { if (text[i] == q) quote = null; continue; }
            if (text[i] is '"' or '\'') quote = text[i];
            else if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0) return i;
        }
        return -1;
    }
}
