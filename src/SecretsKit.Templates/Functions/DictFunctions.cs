using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's dict functions over <c>map[string]interface {}</c>. As in Go, maps are references: <c>set unset merge
/// mergeOverwrite</c> change the map they are given (and return it). <c>keys</c> and <c>values</c> come in Go's random map
/// order, here sorted by key (one of the orders Go can give).
/// </summary>
internal static class DictFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["dict"] = Dict;
        t["get"] = c => SprigValues.Map(c.Exactly(2), 0).TryGetValue(c.String(1), out var v) ? v : "";
        t["set"] = c => Mutable(c.Exactly(3), 0, m => m[c.String(1)] = c[2]);
        // deleting from a nil map is no error in Go: the nil map comes back
        t["unset"] = c => c.Exactly(2)[0] is null or GoTypedDictionary { IsNil: true } ? GoTypedDictionary.NilMap : Mutable(c, 0, m => m.Remove(c.String(1)));
        t["hasKey"] = c => SprigValues.Map(c.Exactly(2), 0).ContainsKey(c.String(1));
        t["pluck"] = c => Maps(c.AtLeast(1), 1).Where(m => m.ContainsKey(c.String(0))).Select(m => m[c.String(0)]).ToList();
        t["keys"] = c => GoSlice.Strings(Maps(c, 0).SelectMany(m => m.Keys.Order(StringComparer.Ordinal)));
        t["values"] = c => GoTypes.Sorted(SprigValues.Map(c.Exactly(1), 0)).Select(kv => kv.Value).ToList();
        t["pick"] = c =>
        {
            var m = SprigValues.Map(c.AtLeast(1), 0);
            // a key named twice is picked once, as Go's map assignment does
            var keys = Keys(c).Distinct(StringComparer.Ordinal);
            return New(keys.Where(m.ContainsKey).Select(k => KeyValuePair.Create(k, m[k])));
        };
        t["omit"] = c =>
        {
            var m = SprigValues.Map(c.AtLeast(1), 0);
            var keys = Keys(c).ToHashSet(StringComparer.Ordinal);
            return New(m.Where(kv => !keys.Contains(kv.Key)));
        };
        t["merge"] = t["mustMerge"] = c => Merge(c, overwrite: false);
        t["mergeOverwrite"] = t["mustMergeOverwrite"] = c => Merge(c, overwrite: true);
        t["deepCopy"] = t["mustDeepCopy"] = c => c.Exactly(1)[0] is null
            ? throw new TemplateFunctionException("reflect: call of reflect.Value.Type on zero Value")
            : DeepCopy(c[0], c.Budget);
        t["dig"] = c => Dig(c.Args);
    }

    private static Dictionary<string, object?> New(IEnumerable<KeyValuePair<string, object?>> entries) =>
        new(entries, StringComparer.Ordinal);

    private static Dictionary<string, object?> Dict(TemplateCall c)
    {
        var args = c.Args;
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2) d[c.ToStr(args[i])] = i + 1 < args.Count ? args[i + 1] : "";
        return d;
    }

    private static List<string> Keys(TemplateCall c) =>
        Enumerable.Range(1, c.Count - 1).Select(c.String).ToList();

    private static List<IReadOnlyDictionary<string, object?>> Maps(TemplateCall c, int from) =>
        Enumerable.Range(from, c.Count - from).Select(i => SprigValues.Map(c, i)).ToList();

    /// <summary>The map argument as Go sees it: a reference, changed in place.</summary>
    private static object? Mutable(TemplateCall c, int i, Action<IDictionary<string, object?>> change)
    {
        var m = SprigValues.Map(c, i);
        if (c[i] is null or GoTypedDictionary { IsNil: true }) throw new TemplateFunctionException("assignment to entry in nil map");
        if (m is not IDictionary<string, object?> d || d.IsReadOnly) throw new TemplateFunctionException($"{c.Name}: the map cannot be changed");
        change(d);
        return m;
    }

    /// <summary>imdario/mergo 0.3.12 <c>Merge</c>/<c>MergeWithOverwrite</c> of <c>map[string]interface {}</c> values, into the first map.</summary>
    private static object? Merge(TemplateCall c, bool overwrite)
    {
        var dst = SprigValues.Map(c.AtLeast(1), 0);
        var target = dst as IDictionary<string, object?>;
        if (c[0] is null || target is null || target.IsReadOnly) target = new Dictionary<string, object?>(dst, StringComparer.Ordinal);
        for (var i = 1; i < c.Count; i++) MergeInto(target, SprigValues.Map(c, i), overwrite);
        return target;
    }

    private const int MaxDepth = 1_000;

    private static void MergeInto(IDictionary<string, object?> dst, IReadOnlyDictionary<string, object?> src, bool overwrite, int depth = 0)
    {
        // a map merged into itself changes nothing (mergo remembers what it visited); a deeper chain is a cycle
        if (ReferenceEquals(dst, src)) return;
        if (depth > MaxDepth) throw new TemplateFunctionException($"merge: maps nest deeper than {MaxDepth} levels");
        foreach (var (key, value) in src.ToList())
        {
            var exists = dst.TryGetValue(key, out var current);
            if (value is null)
            {
                if (overwrite) dst[key] = null;
                continue;
            }
            if (value is IReadOnlyDictionary<string, object?> srcMap && current is IDictionary<string, object?> dstMap && !dstMap.IsReadOnly)
            {
                MergeInto(dstMap, srcMap, overwrite, depth + 1);
            }
            var nonEmpty = exists && !GoValues.IsEmpty(current);
            if (nonEmpty && value is IReadOnlyDictionary<string, object?>) continue;
            if (value is IReadOnlyList<object?> && (overwrite || !nonEmpty))
            {
                dst[key] = value;
                continue;
            }
            if (nonEmpty && value is IReadOnlyList<object?>) continue;
            if (overwrite || !nonEmpty) dst[key] = value;
        }
    }

    /// <summary>mitchellh/copystructure: a copy of every map and slice (other values are immutable here). A map that holds
    /// itself would copy forever (Go overflows its stack); here it fails once it nests deeper than 1,000 levels. Every
    /// copied element counts against <paramref name="budget"/> before it is copied: a shared sub-tree is copied once per
    /// reference, as Go does, so a value sharing one map 40 levels deep ends at the budget.</summary>
    private static object? DeepCopy(object? v, TemplateBudget? budget, int depth = 0)
    {
        if (depth > MaxDepth && v is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
        {
            throw new TemplateFunctionException($"deepCopy: value nests deeper than {MaxDepth} levels");
        }
        var count = v switch { IReadOnlyCollection<object?> l => l.Count, IReadOnlyDictionary<string, object?> m => m.Count, _ => -1 };
        if (count >= 0) budget?.Add(TemplateBudget.CollectionSize(count));
        return v switch
        {
            GoTypedDictionary m => new GoTypedDictionary(m.ValueType, m.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value, budget, depth + 1), StringComparer.Ordinal)),
            IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value, budget, depth + 1), StringComparer.Ordinal),
            GoSlice s => new GoSlice(s.ElementType, s.Select(x => DeepCopy(x, budget, depth + 1)).ToList(), s.IsNil),
            IReadOnlyList<object?> l => l.Select(x => DeepCopy(x, budget, depth + 1)).ToList(),
            _ => v,
        };
    }

    /// <summary>sprig's <c>dig KEY… DEFAULT MAP</c>.</summary>
    private static object? Dig(IReadOnlyList<object?> ps)
    {
        if (ps.Count < 3) throw new TemplateFunctionException("dig needs at least three arguments");
        var dict = AsMap(ps[^1]);
        var fallback = ps[^2];
        var keys = ps.Take(ps.Count - 2).Select(k => k as string
            ?? throw new TemplateFunctionException($"interface conversion: interface {{}} is {(k is null ? "nil" : GoTypes.TypeName(k))}, not string")).ToList();
        for (var i = 0; ; i++)
        {
            if (!dict.TryGetValue(keys[i], out var step)) return fallback;
            if (i == keys.Count - 1) return step;
            dict = AsMap(step);
        }
    }

    private static IReadOnlyDictionary<string, object?> AsMap(object? v) => v is IReadOnlyDictionary<string, object?> m and not GoTypedDictionary { ValueType: not "interface {}" }
        ? m
        : throw new TemplateFunctionException($"interface conversion: interface {{}} is {(v is null ? "nil" : GoTypes.TypeName(v))}, not map[string]interface {{}}");
}
