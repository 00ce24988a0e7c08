using System.Text;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's string functions (argument order as sprig: the piped string last). Go strings are bytes, so lengths, cuts
/// (<c>trunc substr abbrev</c>) and the byte-wise goutils helpers count bytes (<see cref="GoString"/>).
/// </summary>
internal static class StringFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["hello"] = c => c.Exactly(0) is not null ? "Hello!" : "";
        t["quote"] = c => Join(c, " ", c.Args.Where(a => a is not null).Select(a => GoValues.Quote(c.ToStr(a))).ToList());
        t["squote"] = c => Join(c, " ", c.Args.Where(a => a is not null).Select(a => "'" + c.Format(a) + "'").ToList());
        t["cat"] = c => Join(c, " ", c.Args.Where(a => a is not null).Select(c.Format).ToList());
        t["upper"] = c => SprigText.Upper(c.Exactly(1).String(0));
        t["lower"] = c => SprigText.Lower(c.Exactly(1).String(0));
        t["title"] = c => SprigText.Title(c.Exactly(1).String(0));
        t["trim"] = c => SprigText.TrimSpace(c.Exactly(1).String(0));
        t["trimAll"] = t["trimall"] = c => SprigText.Trim(c.Exactly(2).String(1), c.String(0));
        t["trimPrefix"] = c => c.Exactly(2).String(1).StartsWith(c.String(0), StringComparison.Ordinal) ? c.String(1)[c.String(0).Length..] : c.String(1);
        t["trimSuffix"] = c => c.Exactly(2).String(1).EndsWith(c.String(0), StringComparison.Ordinal) ? c.String(1)[..^c.String(0).Length] : c.String(1);
        t["replace"] = c => Replace(c, c.Exactly(3).String(0), c.String(1), c.String(2));
        t["contains"] = c => c.Exactly(2).String(1).Contains(c.String(0), StringComparison.Ordinal);
        t["hasPrefix"] = c => c.Exactly(2).String(1).StartsWith(c.String(0), StringComparison.Ordinal);
        t["hasSuffix"] = c => c.Exactly(2).String(1).EndsWith(c.String(0), StringComparison.Ordinal);
        t["indent"] = c => Indent(c, c.Exactly(2).Int(0), c.String(1));
        t["nindent"] = c => "\n" + Indent(c, c.Exactly(2).Int(0), c.String(1));
        t["toString"] = c => c.ToStr(c.Exactly(1)[0]);
        t["repeat"] = c => Repeat(c, c.Exactly(2).Int(0), c.String(1));
        t["trunc"] = c => Trunc(c.Exactly(2).Int(0), c.String(1));
        t["substr"] = c => Substring(c.Exactly(3).Int(0), c.Int(1), c.String(2));
        t["plural"] = c => c.Exactly(3).Int(2) == 1 ? c.String(0) : c.String(1);
        t["join"] = c => Join(c, c.Exactly(2).String(0), SprigValues.Strings(c, c[1]));
        t["splitList"] = c => GoSlice.Strings(SprigText.Split(c.Exactly(2).String(1), c.String(0), -1));
        t["split"] = c => Numbered(SprigText.Split(c.Exactly(2).String(1), c.String(0), -1));
        t["splitn"] = c => Numbered(SprigText.Split(c.Exactly(3).String(2), c.String(0), c.Int(1)));
        t["toStrings"] = c => GoSlice.Strings(SprigValues.Strings(c, c.Exactly(1)[0]));
        t["sortAlpha"] = c => SortAlpha(c, c.Exactly(1)[0]);
    }

    /// <summary>Go's <c>strings.Replace(s, old, new, -1)</c>: an empty old string inserts <paramref name="replacement"/> around every rune.</summary>
    private static string Replace(TemplateCall c, string old, string replacement, string s)
    {
        var count = old.Length == 0 ? GoString.Runes(s).Count() + 1L : CountOf(s, old);
        c.EnsureFits(s.Length + (count * Math.Max(0, replacement.Length - old.Length)));
        if (old.Length != 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder(replacement);
        foreach (var rune in GoString.Runes(s)) sb.Append(rune.ToString()).Append(replacement);
        return sb.ToString();
    }

    private static long CountOf(string s, string part)
    {
        long n = 0;
        for (var i = s.IndexOf(part, StringComparison.Ordinal); i >= 0; i = s.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static string Indent(TemplateCall c, long spaces, string v)
    {
        var lines = 1L + v.Count(ch => ch == '\n');
        if (spaces < 0) throw new TemplateFunctionException("strings: negative Repeat count");
        c.EnsureFits(v.Length + (spaces * lines));
        var pad = new string(' ', (int)spaces);
        return pad + v.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Repeat(TemplateCall c, long count, string v)
    {
        if (count < 0) throw new TemplateFunctionException("strings: negative Repeat count");
        var total = v.Length == 0 ? 0 : count > long.MaxValue / v.Length ? long.MaxValue : count * v.Length;
        c.EnsureFits(total);
        if (total > int.MaxValue / 2) throw new TemplateFunctionException("strings: Repeat output length overflow");
        return v.Length == 0 ? "" : new StringBuilder(v.Length * (int)count).Insert(0, v, (int)count).ToString();
    }

    private static string Trunc(long c, string s)
    {
        var n = GoString.ByteLength(s);
        if (c < 0 && n + c > 0) return GoString.Slice(s, (int)(n + c), n);
        if (c >= 0 && n > c) return GoString.Slice(s, 0, (int)c);
        return s;
    }

    private static string Substring(long start, long end, string s)
    {
        var n = GoString.ByteLength(s);
        if (start < 0) return SprigText.SliceChecked(s, 0, end, n, hasLow: false);
        if (end < 0 || end > n) return SprigText.SliceChecked(s, start, n, n, hasLow: true, hasHigh: false);
        return SprigText.SliceChecked(s, start, end, n, hasLow: true);
    }

    private static string Join(TemplateCall c, string sep, IReadOnlyList<string> parts)
    {
        c.EnsureFits(parts.Sum(p => (long)p.Length) + ((long)sep.Length * Math.Max(0, parts.Count - 1)));
        return string.Join(sep, parts);
    }

    /// <summary>sprig's <c>split</c>/<c>splitn</c>: a <c>map[string]string</c> keyed <c>_0</c>, <c>_1</c>, ….</summary>
    private static GoTypedDictionary Numbered(IReadOnlyList<string> parts) =>
        GoTypedDictionary.Strings(parts.Select((p, i) => KeyValuePair.Create("_" + i, p)));

    /// <summary>sprig's <c>sortAlpha</c>: a list's items as strings, sorted bytewise; anything else a one-item list.</summary>
    private static GoSlice SortAlpha(TemplateCall c, object? v)
    {
        if (v is not IReadOnlyList<object?>) return GoSlice.Strings([c.ToStr(v)]);
        var items = SprigValues.Strings(c, v).ToList();
        items.Sort(GoValues.CompareStrings);
        return GoSlice.Strings(items);
    }
}
