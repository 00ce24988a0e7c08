using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>cel-go's sets extension, which Kubernetes enables: <c>sets.contains(a, b)</c> (every element of b is in
/// a), <c>sets.equivalent(a, b)</c>, <c>sets.intersects(a, b)</c>, with CEL equality.</summary>
internal static class SetsFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("sets.contains", (c, a) => Pair(c, a, "sets.contains", (x, y) => ContainsAll(x, y)))
            .Global("sets.equivalent", (c, a) => Pair(c, a, "sets.equivalent", (x, y) => ContainsAll(x, y) && ContainsAll(y, x)))
            .Global("sets.intersects", (c, a) => Pair(c, a, "sets.intersects", (x, y) => y.Items.Any(i => Contains(x, i))));
    }

    private static object Pair(EvalContext context, object?[] args, string name, Func<CelList, CelList, bool> test)
    {
        if (args is not [CelList x, CelList y])
            return CelError.NoOverload(name);
        context.ChargeSize((long)x.Count * Math.Max(1, y.Count));
        return test(x, y);
    }

    private static bool ContainsAll(CelList x, CelList y) => y.Items.All(i => Contains(x, i));

    private static bool Contains(CelList list, object? value) => list.Items.Any(i => CelValues.Equal(i, value));
}
