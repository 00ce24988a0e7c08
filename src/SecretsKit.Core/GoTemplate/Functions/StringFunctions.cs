namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>sprig's string functions (argument order as sprig: the piped string last).</summary>
internal static class StringFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["quote"] = c => string.Join(" ", c.Args.Where(a => a is not null).Select(a => GoValues.Quote(GoValues.ToStr(a))));
        t["squote"] = c => string.Join(" ", c.Args.Where(a => a is not null).Select(a => "'" + GoValues.ToStr(a) + "'"));
        t["upper"] = c => c.Exactly(1).String(0).ToUpperInvariant();
        t["lower"] = c => c.Exactly(1).String(0).ToLowerInvariant();
        t["trim"] = c => c.Exactly(1).String(0).Trim(' ', '\t', '\n', '\r', '\v', '\f');
        t["trimAll"] = c => c.Exactly(2).String(1).Trim(c.String(0).ToCharArray());
        t["trimPrefix"] = c => c.Exactly(2).String(1).StartsWith(c.String(0), StringComparison.Ordinal) ? c.String(1)[c.String(0).Length..] : c.String(1);
        t["trimSuffix"] = c => c.Exactly(2).String(1).EndsWith(c.String(0), StringComparison.Ordinal) ? c.String(1)[..^c.String(0).Length] : c.String(1);
        t["replace"] = c => Replace(c.Exactly(3).String(0), c.String(1), c.String(2));
        t["contains"] = c => c.Exactly(2).String(1).Contains(c.String(0), StringComparison.Ordinal);
        t["hasPrefix"] = c => c.Exactly(2).String(1).StartsWith(c.String(0), StringComparison.Ordinal);
        t["hasSuffix"] = c => c.Exactly(2).String(1).EndsWith(c.String(0), StringComparison.Ordinal);
        t["indent"] = c => Indent(c, c.Exactly(2).Int(0), c.String(1));
        t["nindent"] = c => "\n" + Indent(c, c.Exactly(2).Int(0), c.String(1));
        t["toString"] = c => GoValues.ToStr(c.Exactly(1)[0]);
        t["repeat"] = c => Repeat(c, c.Exactly(2).Int(0), c.String(1));
        t["trunc"] = c => Trunc(c.Exactly(2).Int(0), c.String(1));
        t["join"] = c => string.Join(c.Exactly(2).String(0), Strings(c[1]));
        t["splitList"] = c => c.Exactly(2).String(1).Split(c.String(0)).Cast<object?>().ToList();
    }

    /// <summary>Go's <c>strings.ReplaceAll</c>: an empty old string inserts <paramref name="replacement"/> between runes.</summary>
    private static string Replace(string old, string replacement, string s) =>
        old.Length == 0 ? replacement + string.Join(replacement, s.EnumerateRunes().Select(r => r.ToString())) + (s.Length > 0 ? replacement : "")
            : s.Replace(old, replacement, StringComparison.Ordinal);

    private static string Indent(TemplateCall c, long spaces, string v)
    {
        var lines = 1L + v.Count(ch => ch == '\n');
        c.Options.Limits.EnsureFits(c.Name, v.Length + (Math.Max(0, spaces) * lines));
        var pad = new string(' ', (int)Math.Max(0, spaces));
        return pad + v.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Repeat(TemplateCall c, long count, string v)
    {
        c.Options.Limits.EnsureFits(c.Name, Math.Max(0, count) * (long)v.Length);
        return string.Concat(Enumerable.Repeat(v, (int)Math.Max(0, count)));
    }

    private static string Trunc(long c, string s) =>
        c < 0 && s.Length + c > 0 ? s[(int)(s.Length + c)..] : c >= 0 && s.Length > c ? s[..(int)c] : s;

    /// <summary>sprig's <c>strslice</c>: a list's non-nil items as strings, a single value as one string.</summary>
    private static IEnumerable<string> Strings(object? v) => v switch
    {
        IReadOnlyList<object?> l => l.Where(x => x is not null).Select(GoValues.ToStr),
        null => [],
        _ => [GoValues.ToStr(v)],
    };
}
