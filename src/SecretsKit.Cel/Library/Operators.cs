using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>The operators, <c>size</c>, <c>in</c> and <c>type</c>. <c>+</c> on strings, bytes and lists charges
/// the result's size before building it.</summary>
internal static class Operators
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("_==_", (_, a) => Logic.Box(CelValues.Equal(a[0], a[1])))
            .Global("_!=_", (_, a) => Logic.Box(!CelValues.Equal(a[0], a[1])))
            .Global("_<_", (_, a) => Ordered(a, "_<_", c => c < 0))
            .Global("_<=_", (_, a) => Ordered(a, "_<=_", c => c <= 0))
            .Global("_>_", (_, a) => Ordered(a, "_>_", c => c > 0))
            .Global("_>=_", (_, a) => Ordered(a, "_>=_", c => c >= 0))
            .Global("_+_", Add)
            .Global("_-_", (_, a) => Arithmetic.Subtract(a[0], a[1]))
            .Global("_*_", (_, a) => Arithmetic.Multiply(a[0], a[1]))
            .Global("_/_", (_, a) => Arithmetic.Divide(a[0], a[1]))
            .Global("_%_", (_, a) => Arithmetic.Modulo(a[0], a[1]))
            .Global("-_", (_, a) => Arithmetic.Negate(a[0]))
            .Global("!_", (_, a) => a[0] is bool b ? Logic.Box(!b) : CelError.NoOverload("!_"))
            .Global("@in", In)
            .Both("size", Size)
            .Global("type", (_, a) => a.Length == 1 ? CelValues.TypeOf(a[0]) : CelError.NoOverload("type"))
            .Global("dyn", (_, a) => a.Length == 1 ? a[0] : CelError.NoOverload("dyn"));
    }

    private static object Ordered(object?[] args, string function, Func<int, bool> test)
    {
        var comparison = CelValues.Compare(args[0], args[1], out var unordered);
        if (comparison is null)
            return CelError.NoOverload(function);
        return Logic.Box(!unordered && test(comparison.Value));
    }

    private static object? Add(EvalContext context, object?[] args)
    {
        switch (args[0], args[1])
        {
            case (string x, string y):
                context.ChargeSize((long)x.Length + y.Length);
                return string.Concat(x, y);
            case (CelBytes x, CelBytes y):
                context.ChargeSize((long)x.Length + y.Length);
                return new CelBytes([.. x.Span, .. y.Span]);
            case (CelList x, CelList y):
                context.Charge((long)x.Count + y.Count);
                return new CelList([.. x.Items, .. y.Items]);
            default:
                return Arithmetic.Add(args[0], args[1]);
        }
    }

    private static object In(EvalContext context, object?[] args)
    {
        switch (args[1])
        {
            case CelList list:
                context.ChargeSize(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    if (CelValues.Equal(args[0], list[i]))
                        return Logic.True;
                }
                return Logic.False;
            case CelMap map:
                return args[0] is long or ulong or double or bool or string && Access.TryLookup(map, args[0], out _);
            default:
                return CelError.NoOverload("@in");
        }
    }

    private static object Size(EvalContext context, object?[] args) => args.Length != 1 ? CelError.NoOverload("size") : args[0] switch
    {
        string s => CelInts.Box(Runes(s)),
        CelBytes b => CelInts.Box(b.Length),
        CelList l => CelInts.Box(l.Count),
        CelMap m => CelInts.Box(m.Count),
        _ => CelError.NoOverload("size"),
    };

    /// <summary>The code points of <paramref name="text"/> (an unpaired surrogate counts as one, as Go's decoder sees it).</summary>
    private static long Runes(string text)
    {
        var count = 0L;
        foreach (var _ in text.EnumerateRunes())
            count++;
        return count;
    }
}
