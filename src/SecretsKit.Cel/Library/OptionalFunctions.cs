using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>Optional values (cel-go's optional types): <c>optional.of</c>, <c>optional.none</c>,
/// <c>optional.ofNonZeroValue</c>, <c>hasValue</c>, <c>value</c>, <c>orValue</c>, <c>or</c>.</summary>
internal static class OptionalFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("optional.of", (_, a) => a.Length == 1 ? CelOptional.Of(a[0]) : CelError.NoOverload("optional.of"))
            .Global("optional.none", (_, a) => a.Length == 0 ? CelOptional.None : CelError.NoOverload("optional.none"))
            .Global("optional.ofNonZeroValue", (_, a) => a.Length == 1
                ? (IsZero(a[0]) ? CelOptional.None : CelOptional.Of(a[0]))
                : CelError.NoOverload("optional.ofNonZeroValue"))
            .Member("hasValue", (_, a) => a is [CelOptional o] ? o.HasValue : CelError.NoOverload("hasValue"))
            .Member("value", (_, a) => a is [CelOptional o]
                ? (o.HasValue ? o.Value : CelError.Invalid("optional.none() dereference"))
                : CelError.NoOverload("value"))
            .Member("orValue", (_, a) => a is [CelOptional o, var fallback] ? (o.HasValue ? o.Value : fallback) : CelError.NoOverload("orValue"))
            .Member("or", (_, a) => a is [CelOptional o, CelOptional other] ? (o.HasValue ? o : other) : CelError.NoOverload("or"));
    }

    /// <summary>The zero value of its type: 0, 0u, 0.0, false, "", b"", null, empty list or map.</summary>
    internal static bool IsZero(object? value) => value switch
    {
        null => true,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        bool b => !b,
        string s => s.Length == 0,
        CelBytes b => b.Length == 0,
        CelList l => l.Count == 0,
        CelMap m => m.Count == 0,
        CelDuration d => d.Nanos == 0,
        CelTimestamp t => t.UnixNanos == 0,
        _ => false,
    };
}
