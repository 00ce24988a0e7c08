using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>cel-go's lists extension at the version Kubernetes' base environment uses (3): <c>slice</c>,
/// <c>flatten</c>, <c>distinct</c>, <c>reverse</c>, <c>sort</c>, <c>first</c>, <c>last</c>, <c>lists.range</c>
/// (<c>sortBy</c> is a macro). Results are charged before they are built.</summary>
internal static class ListsExtension
{
    public static void Register(FunctionRegistry registry, CelFunction stringReverse)
    {
        registry
            .Member("slice", Slice)
            .Member("flatten", Flatten)
            .Member("distinct", Distinct)
            .Member("reverse", (c, a) => a is [CelList list] ? Charged(c, list.Count, () => new CelList(list.Items.Reverse().ToList())) : stringReverse(c, a))
            .Member("sort", (c, a) => a is [CelList list] ? Sorted(c, list.Items, list.Items) : CelError.NoOverload("sort"))
            .Member("@sortByAssociatedKeys", (c, a) => a is [CelList list, CelList keys] && keys.Count == list.Count
                ? Sorted(c, list.Items, keys.Items) : CelError.NoOverload("sortBy"))
            .Member("first", (_, a) => a is [CelList list] ? (list.Count > 0 ? CelOptional.Of(list[0]) : CelOptional.None) : CelError.NoOverload("first"))
            .Member("last", (_, a) => a is [CelList list] ? (list.Count > 0 ? CelOptional.Of(list[^1]) : CelOptional.None) : CelError.NoOverload("last"))
            .Global("lists.range", (c, a) => a is [long n]
                ? Charged(c, Math.Max(0, n), () => new CelList(Enumerable.Range(0, (int)Math.Max(0, n)).Select(i => (object?)(long)i).ToList()))
                : CelError.NoOverload("lists.range"));
    }

    private static object Charged(EvalContext context, long size, Func<object> build)
    {
        context.Charge(1 + size);
        return build();
    }

    private static object Slice(EvalContext context, object?[] args)
    {
        if (args is not [CelList list, long start, long end])
            return CelError.NoOverload("slice");
        if (start < 0 || end < 0)
            return CelError.Invalid($"cannot slice({start}, {end}), negative indexes not supported");
        if (start > end)
            return CelError.Invalid($"cannot slice({start}, {end}), start index must be less than or equal to end index");
        if (end > list.Count)
            return CelError.Invalid($"cannot slice({start}, {end}), list is length {list.Count}");
        return Charged(context, end - start, () => new CelList(list.Items.Skip((int)start).Take((int)(end - start)).ToList()));
    }

    private static object Flatten(EvalContext context, object?[] args)
    {
        if (args is not [CelList list, ..] || args.Length > 2 || (args.Length == 2 && args[1] is not long))
            return CelError.NoOverload("flatten");
        var depth = args.Length == 2 ? (long)args[1]! : 1;
        if (depth < 0)
            return CelError.Invalid("level must be non-negative");
        var result = new List<object?>();
        Append(context, list, depth, result);
        return new CelList(result);
    }

    private static void Append(EvalContext context, CelList list, long depth, List<object?> result)
    {
        context.Charge(1 + list.Count);
        foreach (var item in list.Items)
        {
            if (item is CelList inner && depth > 0)
                Append(context, inner, depth - 1, result);
            else
                result.Add(item);
        }
    }

    private static object Distinct(EvalContext context, object?[] args)
    {
        if (args is not [CelList list])
            return CelError.NoOverload("distinct");
        context.Charge(1 + ((long)list.Count * list.Count / 10));
        var result = new List<object?>();
        foreach (var item in list.Items)
        {
            if (!result.Any(kept => CelValues.Equal(kept, item)))
                result.Add(item);
        }
        return new CelList(result);
    }

    /// <summary>The items ordered by their keys (a stable sort); keys must all be of one orderable type.</summary>
    private static object Sorted(EvalContext context, IReadOnlyList<object?> items, IReadOnlyList<object?> keys)
    {
        context.Charge(1 + (items.Count * (long)Math.Max(1, Math.Log2(Math.Max(2, items.Count)))));
        if (keys.Count > 0 && keys.Any(k => CelValues.TypeOf(k) != CelValues.TypeOf(keys[0]) || CelValues.Compare(k, k, out _) is null))
            return CelError.Invalid("list elements must have the same type");
        var order = Enumerable.Range(0, items.Count).ToArray();
        var sorted = order.OrderBy(i => keys[i], Comparer<object?>.Create((x, y) => CelValues.Compare(x, y, out _) ?? 0)).ToList();
        return new CelList(sorted.Select(i => items[i]).ToList());
    }
}
