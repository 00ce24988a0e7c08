using System.Text;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>Go <c>text/template</c>'s predefined functions: and or not eq ne lt le gt ge len index print printf println.</summary>
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
        t["print"] = c => GoFormat.Sprint(c.Args, c.Options.Limits.MaxOutput);
        t["println"] = c => GoFormat.Sprintln(c.Args, c.Options.Limits.MaxOutput);
        t["printf"] = c => GoFormat.Sprintf(c.AtLeast(1).String(0), c.Args.Skip(1).ToList(), c.Options.Limits.MaxOutput);
    }

    private static IReadOnlyList<object?> Comparisons(TemplateCall c) =>
        c.Count >= 2 ? c.Args : throw new TemplateFunctionException("missing argument for comparison");

    private static long Length(object? v) => v switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        IReadOnlyList<object?> l => l.Count,
        IReadOnlyDictionary<string, object?> m => m.Count,
        _ => throw new TemplateFunctionException($"len of type {GoValues.TypeName(v)}"),
    };

    private static object? Index(TemplateCall c)
    {
        c.AtLeast(1);
        var item = c[0];
        for (var i = 1; i < c.Count; i++)
        {
            var key = c[i];
            item = item switch
            {
                null => throw new TemplateFunctionException("index of untyped nil"),
                IReadOnlyDictionary<string, object?> m => key is string k ? m.GetValueOrDefault(k)
                    : throw new TemplateFunctionException($"value has type {GoValues.TypeName(key)}; should be string"),
                IReadOnlyList<object?> l => key is long n ? (n >= 0 && n < l.Count ? l[(int)n] : throw new TemplateFunctionException($"index out of range: {n}"))
                    : throw new TemplateFunctionException($"cannot index slice/array with type {GoValues.TypeName(key)}"),
                _ => throw new TemplateFunctionException($"can't index item of type {GoValues.TypeName(item)}"),
            };
        }
        return item;
    }
}
