using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's list functions. Each takes any slice (a <c>[]string</c> too) and returns a new <c>[]interface {}</c>; a value
/// that is not a slice fails with sprig's <c>Cannot … on type KIND</c> in both the plain and the <c>must</c> form (the
/// plain form panics with the same error). Equality (<c>has uniq without</c>) is Go's <c>reflect.DeepEqual</c>.
/// </summary>
internal static class ListFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["list"] = t["tuple"] = c => c.Args.ToList();
        Both(t, "push", c => Items(c.Exactly(2)[0], "Cannot push on type").Append(c[1]).ToList());
        Both(t, "append", c => Items(c.Exactly(2)[0], "Cannot push on type").Append(c[1]).ToList());
        Both(t, "prepend", c => Items(c.Exactly(2)[0], "Cannot prepend on type").Prepend(c[1]).ToList());
        Both(t, "first", c => Items(c.Exactly(1)[0], "Cannot find first on type") is { Count: > 0 } l ? l[0] : null);
        Both(t, "last", c => Items(c.Exactly(1)[0], "Cannot find last on type") is { Count: > 0 } l ? l[^1] : null);
        Both(t, "rest", c => Items(c.Exactly(1)[0], "Cannot find rest on type") is { Count: > 0 } l ? l.Skip(1).ToList() : NilList());
        Both(t, "initial", c => Items(c.Exactly(1)[0], "Cannot find initial on type") is { Count: > 0 } l ? l.Take(l.Count - 1).ToList() : NilList());
        Both(t, "reverse", c => Items(c.Exactly(1)[0], "Cannot find reverse on type").Reverse().ToList());
        Both(t, "compact", c => Items(c.Exactly(1)[0], "Cannot compact on type").Where(v => !GoValues.IsEmpty(v)).ToList());
        Both(t, "uniq", c => Uniq(Items(c.Exactly(1)[0], "Cannot find uniq on type")));
        Both(t, "without", c =>
        {
            var omit = c.AtLeast(1).Args.Skip(1).ToList();
            return Items(c[0], "Cannot find without on type").Where(v => !omit.Any(o => GoDeepEqual.Equal(o, v))).ToList();
        });
        Both(t, "has", c => c.Exactly(2)[1] is not null && Items(c[1], "Cannot find has on type").Any(v => GoDeepEqual.Equal(c[0], v)));
        Both(t, "slice", c => Slice(c.AtLeast(1)));
        Both(t, "chunk", c => Chunk(c.Exactly(2).Int(0), Items(c[1], "Cannot chunk type")));
        t["concat"] = c => Concat(c.Args);
    }

    private static void Both(IDictionary<string, TemplateFunction> t, string name, TemplateFunction f)
    {
        t[name] = f;
        t["must" + char.ToUpperInvariant(name[0]) + name[1..]] = f;
    }

    /// <summary>A nil <c>[]interface {}</c> (prints <c>[]</c>, <c>toJson</c> gives <c>null</c>).</summary>
    public static GoSlice NilList() => new("interface {}", [], isNil: true);

    private static IReadOnlyList<object?> Items(object? v, string error) =>
        SprigValues.List(v) ?? throw SprigValues.NotAList(error, v);

    private static List<object?> Uniq(IReadOnlyList<object?> items)
    {
        var result = new List<object?>();
        foreach (var v in items)
        {
            if (!result.Any(r => GoDeepEqual.Equal(v, r))) result.Add(v);
        }
        return result;
    }

    /// <summary>sprig's <c>slice LIST [START [END]]</c>: Go's reflect slicing (the result keeps the list's type; an empty list gives nil).</summary>
    private static object? Slice(TemplateCall c)
    {
        var list = SprigValues.List(c[0]) ?? throw SprigValues.NotAList("list should be type of slice or array but", c[0]);
        if (list.Count == 0) return null;
        var start = c.Count > 1 ? GoCast.ToInt64(c[1]) : 0;
        var end = c.Count > 2 ? GoCast.ToInt64(c[2]) : list.Count;
        if (start < 0 || end < start || end > list.Count) throw new TemplateFunctionException("reflect.Value.Slice: slice index out of bounds");
        var items = list.Skip((int)start).Take((int)(end - start)).ToList();
        return list is GoSlice typed ? new GoSlice(typed.ElementType, items) : items;
    }

    /// <summary>sprig's <c>chunk</c>, with its float arithmetic for the number and size of chunks.</summary>
    private static GoSlice Chunk(long size, IReadOnlyList<object?> list)
    {
        var l = list.Count;
        var count = GoConvert.FloatToInt64(Math.Floor((l - 1) / (double)size) + 1);
        if (count < 0 || count > int.MaxValue) throw new TemplateFunctionException("runtime error: makeslice: len out of range");
        var chunks = new List<object?>((int)count);
        for (var i = 0L; i < count; i++)
        {
            var len = size;
            if (i == count - 1)
            {
                len = GoConvert.FloatToInt64(Math.Floor(l % (double)size));
                if (len == 0) len = size;
            }
            if (len < 0) throw new TemplateFunctionException("runtime error: makeslice: len out of range");
            var chunk = new List<object?>((int)Math.Min(len, l));
            for (var j = 0L; j < len; j++)
            {
                var ix = (i * size) + j;
                if (ix < 0 || ix >= l) throw new TemplateFunctionException("reflect: slice index out of range");
                chunk.Add(list[(int)ix]);
            }
            chunks.Add(chunk);
        }
        return new GoSlice("[]interface {}", chunks);
    }

    private static IReadOnlyList<object?> Concat(IReadOnlyList<object?> lists)
    {
        var result = new List<object?>();
        foreach (var v in lists)
        {
            if (v is null) throw new TemplateFunctionException("runtime error: invalid memory address or nil pointer dereference");
            var items = SprigValues.List(v) ?? throw new TemplateFunctionException($"Cannot concat type {GoTypes.Kind(v)} as list");
            result.AddRange(items);
        }
        return result.Count == 0 ? NilList() : result;
    }
}
