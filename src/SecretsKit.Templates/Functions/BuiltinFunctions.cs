using System.Globalization;
using System.Text;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// Go <c>text/template</c>'s predefined functions with Go 1.19's argument rules and messages: and or not eq ne lt le gt
/// ge len index slice print printf println html js urlquery call.
/// </summary>
internal static class BuiltinFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        // and/or are evaluated lazily by the evaluator; the entries make the names known to the parser
        t["and"] = _ => throw new InvalidOperationException("and is evaluated by the evaluator");
        t["or"] = _ => throw new InvalidOperationException("or is evaluated by the evaluator");
        t["not"] = c => !GoValues.IsTrue(c.Exactly(1)[0]);
        t["eq"] = c => Comparisons(c.AtLeast(1)).Skip(1).Any(b => GoValues.Equal(c[0], b));
        t["ne"] = c => !GoValues.Equal(c.Exactly(2)[0], c[1]);
        t["lt"] = c => GoValues.Less(c.Exactly(2)[0], c[1]);
        t["le"] = c => GoValues.Less(c.Exactly(2)[0], c[1]) || GoValues.Equal(c[0], c[1]);
        t["gt"] = c => !(GoValues.Less(c.Exactly(2)[0], c[1]) || GoValues.Equal(c[0], c[1]));
        t["ge"] = c => !GoValues.Less(c.Exactly(2)[0], c[1]);
        t["len"] = c => Length(c.Exactly(1)[0]);
        t["index"] = Index;
        t["slice"] = Slice;
        // Go names the callee as it was written; a piped one by reflect's "<T Value>" (Go prints a piped string itself,
        // which could be a secret)
        t["call"] = c => c.AtLeast(1)[0] is null
            ? throw new TemplateFunctionException("call of nil")
            : throw new TemplateFunctionException($"non-function {c.FirstArgumentText ?? $"<{GoTypes.TypeName(c[0])} Value>"} of type {GoTypes.TypeName(c[0])}");
        t["print"] = c => GoFormat.Sprint(c.Args, c.OutputLimit);
        t["println"] = c => GoFormat.Sprintln(c.Args, c.OutputLimit);
        t["printf"] = c => GoFormat.Sprintf(c.AtLeast(1).String(0), c.Args.Skip(1).ToList(), c.OutputLimit);
        t["html"] = c => HtmlEscape(EvalArgs(c));
        t["js"] = c => JsEscape(EvalArgs(c));
        t["urlquery"] = c => QueryEscape(EvalArgs(c));
    }

    private static IReadOnlyList<object?> Comparisons(TemplateCall c) =>
        c.Count >= 2 ? c.Args : throw new TemplateFunctionException("missing argument for comparison");

    private static long Length(object? v) => v switch
    {
        null => throw new TemplateFunctionException("reflect: call of reflect.Value.Type on zero Value"),
        string s => GoString.ByteLength(s),
        IReadOnlyList<object?> l => l.Count,
        IReadOnlyDictionary<string, object?> m => m.Count,
        _ => throw new TemplateFunctionException($"len of type {GoTypes.TypeName(v)}"),
    };

    /// <summary>Go's <c>indexArg</c>: an integer from 0 to <paramref name="cap"/>.</summary>
    private static int IndexArg(object? index, int cap)
    {
        if (index is null) throw new TemplateFunctionException("cannot index slice/array with nil");
        if (!GoTypes.IsInteger(index)) throw new TemplateFunctionException($"cannot index slice/array with type {GoTypes.TypeName(index)}");
        var x = GoTypes.IntegerValue(index);
        if (x < 0 || x > cap) throw new TemplateFunctionException($"index out of range: {x}");
        return (int)x;
    }

    private static object? Index(TemplateCall c)
    {
        c.AtLeast(1);
        var item = c[0] ?? throw new TemplateFunctionException("index of untyped nil");
        for (var i = 1; i < c.Count; i++)
        {
            var key = c[i];
            switch (item)
            {
                case string s:
                {
                    var length = GoString.ByteLength(s);
                    var x = IndexArg(key, length);
                    if (x == length) throw new TemplateFunctionException("reflect: string index out of range");
                    item = (byte)GoString.ByteAt(s, x);
                    break;
                }
                case IReadOnlyList<object?> l:
                {
                    var x = IndexArg(key, l.Count);
                    if (x == l.Count) throw new TemplateFunctionException("reflect: slice index out of range");
                    item = l[x];
                    break;
                }
                case IReadOnlyDictionary<string, object?> m:
                    if (key is null) throw new TemplateFunctionException("value is nil; should be of type string");
                    if (key is not string k) throw new TemplateFunctionException($"value has type {GoTypes.TypeName(key)}; should be string");
                    item = m.TryGetValue(k, out var v) ? v : m is GoTypedDictionary typed ? typed.Zero : null;
                    break;
                case null:
                    // a nil element of an interface slice or map: Go indexes the nil interface and fails
                    throw new TemplateFunctionException("index of untyped nil");
                default:
                    throw new TemplateFunctionException($"can't index item of type {GoTypes.TypeName(item)}");
            }
        }
        return item;
    }

    private static object? Slice(TemplateCall c)
    {
        c.AtLeast(1);
        var item = c[0] ?? throw new TemplateFunctionException("slice of untyped nil");
        var indexes = c.Args.Skip(1).ToList();
        if (indexes.Count > 3) throw new TemplateFunctionException($"too many slice indexes: {indexes.Count}");
        int cap, len;
        switch (item)
        {
            case string s:
                if (indexes.Count == 3) throw new TemplateFunctionException("cannot 3-index slice a string");
                cap = len = GoString.ByteLength(s);
                break;
            case IReadOnlyList<object?> l:
                cap = len = l.Count;
                break;
            default:
                throw new TemplateFunctionException($"can't slice item of type {GoTypes.TypeName(item)}");
        }
        int[] idx = [0, len, 0];
        for (var i = 0; i < indexes.Count; i++) idx[i] = IndexArg(indexes[i], cap);
        if (idx[0] > idx[1]) throw new TemplateFunctionException($"invalid slice index: {idx[0]} > {idx[1]}");
        if (indexes.Count == 3 && idx[1] > idx[2]) throw new TemplateFunctionException($"invalid slice index: {idx[1]} > {idx[2]}");
        return item switch
        {
            string s => GoString.Slice(s, idx[0], idx[1]),
            GoSlice g => new GoSlice(g.ElementType, g.Skip(idx[0]).Take(idx[1] - idx[0]).ToList()),
            IReadOnlyList<object?> l => l.Skip(idx[0]).Take(idx[1] - idx[0]).ToList(),
            _ => null,
        };
    }

    /// <summary>Go's <c>evalArgs</c>: one string as it is, else <c>fmt.Sprint</c> with nil as <c>&lt;no value&gt;</c>.</summary>
    private static string EvalArgs(TemplateCall c)
    {
        if (c.Count == 1 && c[0] is string s) return s;
        return GoFormat.Sprint(c.Args.Select(a => a ?? "<no value>").ToList(), c.OutputLimit);
    }

    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            sb.Append(ch switch
            {
                '\0' => "\uFFFD",
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => ch.ToString(),
            });
        }
        return sb.ToString();
    }

    private static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var r in GoString.Runes(s))
        {
            var c = r.Value;
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append("\\u003C"); break;
                case '>': sb.Append("\\u003E"); break;
                case '&': sb.Append("\\u0026"); break;
                case '=': sb.Append("\\u003D"); break;
                case < ' ': sb.Append("\\u00").Append(c.ToString("X2", CultureInfo.InvariantCulture)); break;
                case < 0x80: sb.Append((char)c); break;
                default:
                    if (IsUnicodePrint(r)) sb.Append(r.ToString());
                    else sb.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>unicode.IsPrint</c> (graphic characters; of the spaces only U+0020).</summary>
    private static bool IsUnicodePrint(Rune r) => GoQuote.IsPrint(r);

    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in GoString.ToBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else if (c == ' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
