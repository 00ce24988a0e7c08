using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>cel-go's math extension, which Kubernetes' base environment enables: <c>math.greatest</c> and
/// <c>math.least</c> (arguments or one list, any numeric types), <c>ceil</c>, <c>floor</c>, <c>round</c> (half away
/// from zero), <c>trunc</c>, <c>abs</c>, <c>sign</c>, <c>isInf</c>, <c>isNaN</c>, <c>isFinite</c>, and the bit
/// operations on int and uint (right shifts are logical; shifts of 64 or more give 0).</summary>
internal static class MathFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("math.greatest", (c, a) => Extreme(c, a, "math.greatest", greatest: true))
            .Global("math.least", (c, a) => Extreme(c, a, "math.least", greatest: false))
            .Global("math.ceil", (_, a) => a is [double d] ? Math.Ceiling(d) : CelError.NoOverload("math.ceil"))
            .Global("math.floor", (_, a) => a is [double d] ? Math.Floor(d) : CelError.NoOverload("math.floor"))
            .Global("math.round", (_, a) => a is [double d] ? Math.Round(d, MidpointRounding.AwayFromZero) : CelError.NoOverload("math.round"))
            .Global("math.trunc", (_, a) => a is [double d] ? Math.Truncate(d) : CelError.NoOverload("math.trunc"))
            .Global("math.isInf", (_, a) => a is [double d] ? double.IsInfinity(d) : CelError.NoOverload("math.isInf"))
            .Global("math.isNaN", (_, a) => a is [double d] ? double.IsNaN(d) : CelError.NoOverload("math.isNaN"))
            .Global("math.isFinite", (_, a) => a is [double d] ? double.IsFinite(d) : CelError.NoOverload("math.isFinite"))
            .Global("math.abs", (_, a) => a switch
            {
                [long l] => l == long.MinValue ? CelError.Overflow() : Math.Abs(l),
                [ulong u] => u,
                [double d] => Math.Abs(d),
                _ => CelError.NoOverload("math.abs"),
            })
            .Global("math.sign", (_, a) => a switch
            {
                [long l] => (long)Math.Sign(l),
                [ulong u] => u == 0 ? 0UL : 1UL,
                [double d] => double.IsNaN(d) ? d : Math.Sign(d),
                _ => CelError.NoOverload("math.sign"),
            })
            .Global("math.bitAnd", (_, a) => Bits(a, "math.bitAnd", (x, y) => x & y))
            .Global("math.bitOr", (_, a) => Bits(a, "math.bitOr", (x, y) => x | y))
            .Global("math.bitXor", (_, a) => Bits(a, "math.bitXor", (x, y) => x ^ y))
            .Global("math.bitNot", (_, a) => a switch
            {
                [long l] => ~l,
                [ulong u] => ~u,
                _ => CelError.NoOverload("math.bitNot"),
            })
            .Global("math.bitShiftLeft", (_, a) => Shift(a, "math.bitShiftLeft", left: true))
            .Global("math.bitShiftRight", (_, a) => Shift(a, "math.bitShiftRight", left: false));
    }

    private static object? Extreme(EvalContext context, object?[] args, string name, bool greatest)
    {
        IReadOnlyList<object?> values = args is [CelList list] ? list.Items : args;
        context.ChargeSize(values.Count);
        if (values.Count == 0)
            return CelError.Invalid($"{name}(list) argument must not be empty");
        var best = values[0];
        foreach (var value in values)
        {
            if (value is not (long or ulong or double) || best is not (long or ulong or double))
                return CelError.NoOverload(name);
            var comparison = CelValues.NumericCompare(value, best);
            if (comparison is { } c && (greatest ? c > 0 : c < 0))
                best = value;
        }
        return best;
    }

    private static object Bits(object?[] args, string name, Func<ulong, ulong, ulong> op) => args switch
    {
        [long x, long y] => (long)op((ulong)x, (ulong)y),
        [ulong x, ulong y] => op(x, y),
        _ => CelError.NoOverload(name),
    };

    private static object Shift(object?[] args, string name, bool left)
    {
        if (args is not [long or ulong, long offset])
            return CelError.NoOverload(name);
        if (offset < 0)
            return CelError.Invalid($"{name}() negative offset: {offset}");
        var bits = args[0] is long l ? (ulong)l : (ulong)args[0]!;
        var shifted = offset >= 64 ? 0UL : left ? bits << (int)offset : bits >> (int)offset;
        return args[0] is long ? (long)shifted : shifted;
    }
}
