using System.Text;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>cel-go's strings extension (the subset Kubernetes enables): positions count code points.</summary>
internal static class StringExtensions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Member("charAt", CharAt)
            .Member("indexOf", (c, a) => IndexOf(c, a, last: false))
            .Member("lastIndexOf", (c, a) => IndexOf(c, a, last: true))
            .Member("lowerAscii", (c, a) => Map(c, a, "lowerAscii", char.ToLowerInvariant))
            .Member("upperAscii", (c, a) => Map(c, a, "upperAscii", char.ToUpperInvariant))
            .Member("replace", Replace)
            .Member("split", Split)
            .Member("substring", Substring)
            .Member("trim", (c, a) => a is [string s] ? Charged(c, s, s.Trim(WhiteSpace)) : CelError.NoOverload("trim"))
            .Member("join", Join)
            .Member("reverse", (c, a) => a is [string s] ? Charged(c, s, Reverse(s)) : CelError.NoOverload("reverse"))
            .Member("format", StringFormatter.Format)
            .Global("strings.quote", (c, a) => a is [string s] ? Charged(c, s, Quote(s)) : CelError.NoOverload("strings.quote"));
    }

    // Go's unicode.IsSpace set, which cel-go's trim uses.
    private static readonly char[] WhiteSpace =
        ['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
         '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000'];

    private static object Charged(EvalContext context, string input, string result)
    {
        context.ChargeSize(input.Length);
        return result;
    }

    internal static int[] Runes(string s) => s.EnumerateRunes().Select(r => r.Value).ToArray();

    internal static string FromRunes(IEnumerable<int> runes)
    {
        var builder = new StringBuilder();
        foreach (var r in runes)
            builder.Append(char.ConvertFromUtf32(r));
        return builder.ToString();
    }

    private static object CharAt(EvalContext context, object?[] args)
    {
        if (args is not [string s, long index])
            return CelError.NoOverload("charAt");
        context.ChargeSize(s.Length);
        var runes = Runes(s);
        if (index < 0 || index > runes.Length)
            return new CelError(CelErrorKind.IndexOutOfRange, $"index out of range: {index}");
        return index == runes.Length ? "" : char.ConvertFromUtf32(runes[index]);
    }

    private static object IndexOf(EvalContext context, object?[] args, bool last)
    {
        var name = last ? "lastIndexOf" : "indexOf";
        if (args is not [string s, string sub, ..] || args.Length > 3 || (args.Length == 3 && args[2] is not long))
            return ListFunctions.IndexOf(context, args, last);
        context.ChargeSize(s.Length);
        var text = Runes(s);
        var needle = Runes(sub);
        long offset = args.Length == 3 ? (long)args[2]! : (last ? text.Length : 0);
        if (offset < 0 || offset > text.Length)
            return new CelError(CelErrorKind.IndexOutOfRange, $"index out of range: {offset}");
        if (!last)
        {
            for (var i = (int)offset; i + needle.Length <= text.Length; i++)
            {
                if (text.AsSpan(i, needle.Length).SequenceEqual(needle))
                    return (long)i;
            }
            return -1L;
        }
        for (var i = (int)Math.Min(offset, text.Length - needle.Length); i >= 0; i--)
        {
            if (text.AsSpan(i, needle.Length).SequenceEqual(needle))
                return (long)i;
        }
        _ = name;
        return -1L;
    }

    private static object Map(EvalContext context, object?[] args, string name, Func<char, char> map)
    {
        if (args is not [string s])
            return CelError.NoOverload(name);
        context.ChargeSize(s.Length);
        return string.Create(s.Length, s, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] < 128 ? map(source[i]) : source[i];
        });
    }

    private static object Replace(EvalContext context, object?[] args)
    {
        if (args is not [string s, string old, string replacement, ..] || args.Length > 4 || (args.Length == 4 && args[3] is not long))
            return CelError.NoOverload("replace");
        var limit = args.Length == 4 ? (long)args[3]! : -1;
        var occurrences = old.Length == 0 ? s.Length + 1 : CountOf(s, old);
        if (limit >= 0)
            occurrences = (int)Math.Min(occurrences, limit);
        // The result's size is charged before it is built (a replace can multiply a string's length).
        context.ChargeSize(s.Length + ((long)occurrences * replacement.Length));
        if (limit < 0)
            return old.Length == 0 ? InsertEverywhere(s, replacement, int.MaxValue) : s.Replace(old, replacement, StringComparison.Ordinal);
        if (old.Length == 0)
            return InsertEverywhere(s, replacement, occurrences);
        var builder = new StringBuilder();
        var pos = 0;
        for (var n = 0; n < occurrences; n++)
        {
            var at = s.IndexOf(old, pos, StringComparison.Ordinal);
            builder.Append(s, pos, at - pos).Append(replacement);
            pos = at + old.Length;
        }
        return builder.Append(s, pos, s.Length - pos).ToString();
    }

    private static int CountOf(string s, string sub)
    {
        var count = 0;
        for (var at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static string InsertEverywhere(string s, string insert, int limit)
    {
        var runes = Runes(s);
        var builder = new StringBuilder();
        var inserted = 0;
        for (var i = 0; i <= runes.Length; i++)
        {
            if (inserted++ < limit)
                builder.Append(insert);
            if (i < runes.Length)
                builder.Append(char.ConvertFromUtf32(runes[i]));
        }
        return builder.ToString();
    }

    private static object Split(EvalContext context, object?[] args)
    {
        if (args is not [string s, string sep, ..] || args.Length > 3 || (args.Length == 3 && args[2] is not long))
            return CelError.NoOverload("split");
        var limit = args.Length == 3 ? (long)args[2]! : -1;
        context.ChargeSize(s.Length);
        if (limit == 0)
            return CelList.Empty;
        string[] parts;
        if (sep.Length == 0)
        {
            var runes = Runes(s).Select(r => char.ConvertFromUtf32(r)).ToList();
            if (limit > 0 && runes.Count > limit)
                runes = [.. runes.Take((int)limit - 1), string.Concat(runes.Skip((int)limit - 1))];
            parts = [.. runes];
        }
        else
            parts = limit > 0 ? s.Split(sep, (int)Math.Min(limit, int.MaxValue)) : s.Split(sep);
        return new CelList(parts.Cast<object?>().ToList());
    }

    private static object Substring(EvalContext context, object?[] args)
    {
        if (args is not [string s, long start, ..] || args.Length > 3 || (args.Length == 3 && args[2] is not long))
            return CelError.NoOverload("substring");
        context.ChargeSize(s.Length);
        var runes = Runes(s);
        var end = args.Length == 3 ? (long)args[2]! : runes.Length;
        if (start < 0 || start > runes.Length)
            return new CelError(CelErrorKind.IndexOutOfRange, $"index out of range: {start}");
        if (end < 0 || end > runes.Length)
            return new CelError(CelErrorKind.IndexOutOfRange, $"index out of range: {end}");
        if (end < start)
            return new CelError(CelErrorKind.IndexOutOfRange, $"invalid substring range. start: {start}, end: {end}");
        return FromRunes(runes.Skip((int)start).Take((int)(end - start)));
    }

    private static object Join(EvalContext context, object?[] args)
    {
        if (args is not [CelList list, ..] || args.Length > 2 || (args.Length == 2 && args[1] is not string))
            return CelError.NoOverload("join");
        if (list.Items.Any(i => i is not string))
            return CelError.NoOverload("join");
        var separator = args.Length == 2 ? (string)args[1]! : "";
        var size = list.Items.Sum(i => (long)((string)i!).Length) + ((long)separator.Length * Math.Max(0, list.Count - 1));
        context.ChargeSize(size);
        return string.Join(separator, list.Items.Cast<string>());
    }

    private static string Reverse(string s)
    {
        var runes = Runes(s);
        Array.Reverse(runes);
        return FromRunes(runes);
    }

    internal static string Quote(string s)
    {
        var builder = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            builder.Append(rune.Value switch
            {
                7 => "\\a", 8 => "\\b", 12 => "\\f", 10 => "\\n", 13 => "\\r", 9 => "\\t", 11 => "\\v",
                '\\' => "\\\\", '"' => "\\\"",
                _ => rune.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
