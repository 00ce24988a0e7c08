namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>sprig's list and dict functions.</summary>
internal static class CollectionFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["list"] = c => c.Args.ToList();
        t["dict"] = Dict;
        t["hasKey"] = c => Map(c.Exactly(2)[0], "hasKey").ContainsKey(c.String(1));
        t["get"] = c => Map(c.Exactly(2)[0], "get").TryGetValue(c.String(1), out var v) ? v : "";
        t["keys"] = c => c.Args.SelectMany(a => Map(a, "keys").Keys).Order(StringComparer.Ordinal).Cast<object?>().ToList();
        t["first"] = c => List(c.Exactly(1)[0], "first") is { Count: > 0 } l ? l[0] : null;
        t["last"] = c => List(c.Exactly(1)[0], "last") is { Count: > 0 } l ? l[^1] : null;
        t["has"] = c => List(c.Exactly(2)[1], "has").Any(x => Equals(x, c[0]));
    }

    private static object? Dict(TemplateCall c)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < c.Count; i += 2) d[GoValues.ToStr(c[i])] = i + 1 < c.Count ? c[i + 1] : "";
        return d;
    }

    private static IReadOnlyDictionary<string, object?> Map(object? v, string name) =>
        v as IReadOnlyDictionary<string, object?> ?? throw new TemplateFunctionException($"wrong type for value; expected map[string]interface {{}}; got {GoValues.TypeName(v)}", wrapped: false);

    private static IReadOnlyList<object?> List(object? v, string name) => v switch
    {
        IReadOnlyList<object?> l => l,
        null => [],
        _ => throw new TemplateFunctionException($"Cannot find {name} on type {GoValues.TypeName(v)}"),
    };
}
