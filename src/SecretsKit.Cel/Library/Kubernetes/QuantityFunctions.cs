using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' quantity library: <c>quantity()</c>, <c>isQuantity()</c>, <c>sign()</c>,
/// <c>isInteger()</c>, <c>asInteger()</c>, <c>asApproximateFloat()</c>, <c>add()</c>/<c>sub()</c> (quantity or
/// int), <c>isGreaterThan()</c>, <c>isLessThan()</c>, <c>compareTo()</c>.</summary>
internal static class QuantityFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("quantity", (_, a) => a is [string s]
                ? (object?)CelQuantity.Parse(s) ?? CelError.Invalid($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
                : CelError.NoOverload("quantity"))
            .Global("isQuantity", (_, a) => a is [string s] ? CelQuantity.Parse(s) is not null : CelError.NoOverload("isQuantity"))
            .Member("sign", (_, a) => a is [CelQuantity q] ? (long)Math.Sign(q.Value) : CelError.NoOverload("sign"))
            .Member("isInteger", (_, a) => a is [CelQuantity q] ? q.IsInteger : CelError.NoOverload("isInteger"))
            .Member("asInteger", (_, a) => a is [CelQuantity q]
                ? (q.IsInteger ? (long)q.Value : CelError.Invalid("cannot convert value to integer"))
                : CelError.NoOverload("asInteger"))
            .Member("asApproximateFloat", (_, a) => a is [CelQuantity q] ? (double)q.Value : CelError.NoOverload("asApproximateFloat"))
            .Member("add", (_, a) => Arithmetic(a, "add", (x, y) => x + y))
            .Member("sub", (_, a) => Arithmetic(a, "sub", (x, y) => x - y))
            .Member("isGreaterThan", (_, a) => a is [CelQuantity x, CelQuantity y] ? x.Value > y.Value : CelError.NoOverload("isGreaterThan"))
            .Member("isLessThan", (_, a) => a is [CelQuantity x, CelQuantity y] ? x.Value < y.Value : CelError.NoOverload("isLessThan"))
            .Member("compareTo", (_, a) => a is [CelQuantity x, CelQuantity y] ? (long)x.Value.CompareTo(y.Value) : CelError.NoOverload("compareTo"));
    }

    private static object Arithmetic(object?[] args, string name, Func<decimal, decimal, decimal> op)
    {
        decimal other;
        switch (args)
        {
            case [CelQuantity, CelQuantity q]: other = q.Value; break;
            case [CelQuantity, long l]: other = l; break;
            default: return CelError.NoOverload(name);
        }
        try
        {
            return new CelQuantity(op(((CelQuantity)args[0]!).Value, other));
        }
        catch (OverflowException)
        {
            return CelError.Overflow("quantity");
        }
    }
}
