using System.Globalization;
using System.Numerics;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// Go template semantics over the value model. Go type by C# type: nil = <c>null</c>; bool = <see cref="bool"/>;
/// int = <see cref="long"/> (and, for older callers, <see cref="int"/>); int64 = <see cref="GoInt64"/>; uint64 =
/// <see cref="ulong"/>; float64 =
/// <see cref="double"/>; complex128 = <see cref="Complex"/>; string = <see cref="string"/> holding bytes as
/// <see cref="GoString"/> describes; <c>[]interface {}</c> = any <c>IReadOnlyList&lt;object?&gt;</c>, a typed slice =
/// <see cref="GoSlice"/>; <c>map[string]interface {}</c> = any <c>IReadOnlyDictionary&lt;string, object?&gt;</c>, a typed
/// map = <see cref="GoTypedDictionary"/>; a struct = <see cref="GoStruct"/>; a value with methods = <see cref="IGoObject"/>.
/// </summary>
public static class GoValues
{
    /// <summary>Go's <c>template.IsTrue</c>: the zero value of its type is false.</summary>
    public static bool IsTrue(object? v) => v switch
    {
        null or GoTypedNil => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        byte u => u != 0,
        GoInt64 g => g.Value != 0,
        ulong u => u != 0,
        double d => d != 0,
        Complex c => c != Complex.Zero,
        string s => s.Length > 0,
        IReadOnlyDictionary<string, object?> m => m.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        _ => true,
    };

    /// <summary>Go's <c>fmt</c> <c>%v</c> (maps print sorted, <c>map[k:v]</c>; slices <c>[a b]</c>; nil <c>&lt;nil&gt;</c>).</summary>
    public static string Format(object? v) => GoFormat.Value(v, 'v');

    /// <summary>What an action prints: <see cref="Format"/>, except that a nil prints <c>&lt;no value&gt;</c> as in Go.</summary>
    public static string Print(object? v) => v is null ? "<no value>" : Format(v);

    /// <summary>sprig's <c>toString</c>/<c>strval</c>: a string as it is, a Stringer by its method, anything else as <c>%v</c>.</summary>
    public static string ToStr(object? v) => v as string ?? Format(v);

    /// <summary>sprig's <c>empty</c>: nil, false, 0, "", and empty collections.</summary>
    public static bool IsEmpty(object? v) => !IsTrue(v);

    /// <summary>Go's <c>%q</c> (strconv.Quote) for a string.</summary>
    public static string Quote(string s) => GoQuote.Quote(s, asciiOnly: false);

    /// <summary>Go's float formatting for <c>%v</c> (<c>strconv.FormatFloat(f, 'g', -1, 64)</c>).</summary>
    public static string FormatFloat(double d) => GoFloat.FormatG(d, upper: false);

    /// <summary>Go's <c>strconv.FormatInt</c>.</summary>
    public static string FormatInt(long l) => l.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Go template <c>eq</c> of two values: integers of any size and sign compare by value; mixing kinds (int with float64) is
    /// <c>incompatible types for comparison</c> unless one side is nil; maps and slices are not comparable, as in Go.
    /// </summary>
    public static bool Equal(object? a, object? b)
    {
        var (ka, kb) = (BasicKind(a), BasicKind(b));
        if (ka != kb)
        {
            if (a is not null && b is not null) throw new TemplateFunctionException("incompatible types for comparison");
            return false;
        }
        switch (ka)
        {
            case Basic.Bool: return (bool)a! == (bool)b!;
            case Basic.Int: return GoTypes.ExactInteger(a) == GoTypes.ExactInteger(b);
            case Basic.Float: return (double)a! == (double)b!;
            case Basic.Complex: return (Complex)a! == (Complex)b!;
            case Basic.String: return string.Equals((string)a!, (string)b!, StringComparison.Ordinal);
        }
        if (a is null || b is null) return a is null && b is null;
        if (GoTypes.Kind(a) != GoTypes.Kind(b)) throw new TemplateFunctionException($"non-comparable types {GoFormat.Value(a, 's')}: {GoTypes.TypeName(a)}, {GoTypes.TypeName(b)}: {Format(b)}");
        if (a is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?>) throw new TemplateFunctionException($"non-comparable type {GoFormat.Value(b, 's')}: {GoTypes.TypeName(b)}");
        return Equals(a, b);
    }

    /// <summary>Go template <c>lt</c>: basic kinds only (<c>invalid type for comparison</c>), the same kind on both sides.</summary>
    public static bool Less(object? a, object? b)
    {
        var (ka, kb) = (BasicKind(a), BasicKind(b));
        if (ka == Basic.Invalid || kb == Basic.Invalid) throw new TemplateFunctionException("invalid type for comparison");
        if (ka != kb) throw new TemplateFunctionException("incompatible types for comparison");
        return ka switch
        {
            Basic.Int => GoTypes.ExactInteger(a) < GoTypes.ExactInteger(b),
            Basic.Float => (double)a! < (double)b!,
            Basic.String => CompareStrings((string)a!, (string)b!) < 0,
            _ => throw new TemplateFunctionException("invalid type for comparison"),
        };
    }

    /// <summary>Go compares strings by bytes (UTF-8 byte order equals code point order, unlike UTF-16 ordinal order).</summary>
    public static int CompareStrings(string x, string y) =>
        GoString.IsAscii(x) && GoString.IsAscii(y) ? Math.Sign(string.CompareOrdinal(x, y))
            : Math.Sign(GoString.ToBytes(x).AsSpan().SequenceCompareTo(GoString.ToBytes(y)));

    private enum Basic { Invalid, Bool, Int, Float, Complex, String }

    private static Basic BasicKind(object? v) => v switch
    {
        bool => Basic.Bool,
        long or int or GoInt64 or byte or ulong => Basic.Int,
        double => Basic.Float,
        Complex => Basic.Complex,
        string => Basic.String,
        _ => Basic.Invalid,
    };
}
