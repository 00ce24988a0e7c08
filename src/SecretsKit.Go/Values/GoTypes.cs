using System.Numerics;

namespace SecretsKit.Go.Values;

/// <summary>
/// Go's <c>reflect</c> view of the value model. Go type by C# type: nil = <c>null</c>; bool = <see cref="bool"/>;
/// int = <see cref="long"/> (and, for older callers, <see cref="int"/>); int64 = <see cref="GoInt64"/>; float64 =
/// <see cref="double"/>; complex128 = <see cref="Complex"/>; string = <see cref="string"/> (bytes as
/// <c>Text/GoString</c> describes); <c>[]interface {}</c> = any <c>IReadOnlyList&lt;object?&gt;</c>, a typed slice =
/// <see cref="GoSlice"/>; <c>map[string]interface {}</c> = any <c>IReadOnlyDictionary&lt;string, object?&gt;</c>, a typed
/// map = <see cref="GoTypedDictionary"/>; a struct = <see cref="GoStruct"/>; a value of a type of its own = <see cref="IGoValue"/>.
/// </summary>
public static class GoTypes
{
    /// <summary>Go's <c>%T</c>: the type name used in messages and by <c>typeOf</c>.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        bool => "bool",
        long or int => "int",
        GoInt64 => "int64",
        byte => "uint8",
        ulong => "uint64",
        double => "float64",
        Complex => "complex128",
        string => "string",
        GoTypedDictionary m => m.TypeName,
        IReadOnlyDictionary<string, object?> => "map[string]interface {}",
        GoSlice s => s.TypeName,
        IReadOnlyList<object?> => "[]interface {}",
        GoStruct s => s.TypeName,
        IGoValue o => o.TypeName,
        _ => v.GetType().Name,
    };

    /// <summary>Go's <c>reflect.Kind</c> name, as sprig's <c>kindOf</c> prints it (<c>invalid</c> for nil).</summary>
    public static string Kind(object? v) => v switch
    {
        null => "invalid",
        bool => "bool",
        long or int => "int",
        GoInt64 => "int64",
        byte => "uint8",
        ulong => "uint64",
        double => "float64",
        Complex => "complex128",
        string => "string",
        IReadOnlyDictionary<string, object?> => "map",
        IReadOnlyList<object?> => "slice",
        GoStruct => "struct",
        IGoValue o => o.Kind,
        _ => "invalid",
    };

    /// <summary>Whether <paramref name="v"/> is a Go integer of any size or sign (int, int64, uint8, uint64).</summary>
    public static bool IsInteger(object? v) => v is long or int or GoInt64 or byte or ulong;

    /// <summary>The value of a Go integer as an int64 (a uint64 past its range wraps, as Go's <c>int64(u)</c> does).</summary>
    public static long IntegerValue(object? v) => v switch
    {
        long l => l,
        int i => i,
        GoInt64 g => g.Value,
        byte u => u,
        ulong u => unchecked((long)u),
        _ => throw new ArgumentException("not an integer", nameof(v)),
    };

    /// <summary>The exact value of a Go integer of either sign (Go compares a signed with an unsigned one by value).</summary>
    public static Int128 ExactInteger(object? v) => v is ulong u ? u : IntegerValue(v);

    /// <summary>Map entries in Go's iteration order for templates and <c>fmt</c> (sorted keys).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Sorted(IReadOnlyDictionary<string, object?> m) =>
        m.OrderBy(kv => kv.Key, StringComparer.Ordinal);
}
