using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>Kubernetes' list library: <c>isSorted</c>, <c>sum</c>, <c>min</c>, <c>max</c>, <c>indexOf</c>,
/// <c>lastIndexOf</c> (elements compared with CEL equality and ordering).</summary>
internal static class ListFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Member("isSorted", IsSorted)
            .Member("sum", Sum)
            .Member("min", (c, a) => Extreme(c, a, "min", wantLess: true))
            .Member("max", (c, a) => Extreme(c, a, "max", wantLess: false));
    }

    private static object IsSorted(EvalContext context, object?[] args)
    {
        if (args is not [CelList list])
            return CelError.NoOverload("isSorted");
        context.ChargeSize(list.Count);
        for (var i = 1; i < list.Count; i++)
        {
            var comparison = CelValues.Compare(list[i - 1], list[i], out _);
            if (comparison is null)
                return CelError.NoOverload("isSorted");
            if (comparison > 0)
                return false;
        }
        return true;
    }

    private static object? Sum(EvalContext context, object?[] args)
    {
        if (args is not [CelList list])
            return CelError.NoOverload("sum");
        context.ChargeSize(list.Count);
        if (list.Count == 0)
            return 0L;
        var total = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            total = Arithmetic.Add(total, list[i]);
            if (total is CelError)
                return total;
        }
        return total is long or ulong or double or CelDuration ? total : CelError.NoOverload("sum");
    }

    private static object? Extreme(EvalContext context, object?[] args, string name, bool wantLess)
    {
        if (args is not [CelList list])
            return CelError.NoOverload(name);
        context.ChargeSize(list.Count);
        if (list.Count == 0)
            return CelError.Invalid($"{name} called on empty list");
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var comparison = CelValues.Compare(list[i], best, out _);
            if (comparison is null)
                return CelError.NoOverload(name);
            if (wantLess ? comparison < 0 : comparison > 0)
                best = list[i];
        }
        return CelValues.Compare(best, best, out _) is null ? CelError.NoOverload(name) : best;
    }

    /// <summary><c>list.indexOf(x)</c> / <c>lastIndexOf(x)</c>; reached through the strings extension's
    /// functions of the same names when the receiver is not a string.</summary>
    public static object IndexOf(EvalContext context, object?[] args, bool last)
    {
        if (args is not [CelList list, var value])
            return CelError.NoOverload(last ? "lastIndexOf" : "indexOf");
        context.ChargeSize(list.Count);
        if (!last)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (CelValues.Equal(list[i], value))
                    return (long)i;
            }
            return -1L;
        }
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (CelValues.Equal(list[i], value))
                return (long)i;
        }
        return -1L;
    }
}
