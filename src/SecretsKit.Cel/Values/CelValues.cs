namespace SecretsKit.Cel.Values;

/// <summary>cel-spec's equality, ordering and runtime types over the interpreter's value representation: long
/// (int), ulong (uint), double, bool, string, <see cref="CelBytes"/>, null, <see cref="CelList"/>,
/// <see cref="CelMap"/>, <see cref="CelTimestamp"/>, <see cref="CelDuration"/>, <see cref="CelType"/>,
/// <see cref="CelOptional"/>, <see cref="ICelObject"/>.</summary>
public static class CelValues
{
    /// <summary>cel-spec equality: numbers compare by value across int, uint and double (NaN equals nothing);
    /// lists and maps element by element; values of different types are unequal (never an error).</summary>
    public static bool Equal(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null): return true;
            case (null, _) or (_, null): return false;
            case (long or ulong or double, long or ulong or double): return NumericCompare(a, b) == 0;
            case (CelList x, CelList y): return ListEqual(x, y);
            case (CelMap x, CelMap y): return MapEqual(x, y);
            case (CelOptional x, CelOptional y): return x.HasValue == y.HasValue && (!x.HasValue || Equal(x.Value, y.Value));
            default: return a.GetType() == b.GetType() && a.Equals(b);
        }
    }

    private static bool ListEqual(CelList x, CelList y)
    {
        if (x.Count != y.Count)
            return false;
        if (x.Kind == CelListKind.Ordered && y.Kind == CelListKind.Ordered)
        {
            for (var i = 0; i < x.Count; i++)
            {
                if (!Equal(x[i], y[i]))
                    return false;
            }
            return true;
        }
        // Kubernetes set and map lists: the same items in any order.
        var unmatched = y.Items.ToList();
        foreach (var item in x.Items)
        {
            var index = unmatched.FindIndex(other => Equal(item, other));
            if (index < 0)
                return false;
            unmatched.RemoveAt(index);
        }
        return true;
    }

    private static bool MapEqual(CelMap x, CelMap y)
    {
        if (x.Count != y.Count)
            return false;
        foreach (var (key, value) in x.Entries)
        {
            if (!y.TryGetValue(key, out var other) || !Equal(value, other))
                return false;
        }
        return true;
    }

    /// <summary>cel-spec ordering: numbers across int, uint and double, strings, bytes, bools, timestamps and
    /// durations; null when the two values have no ordering (<c>no such overload</c>). NaN compares as unordered
    /// (returns null via <paramref name="unordered"/>).</summary>
    internal static int? Compare(object? a, object? b, out bool unordered)
    {
        unordered = false;
        switch (a, b)
        {
            case (long or ulong or double, long or ulong or double):
                var result = NumericCompare(a, b);
                unordered = result is null;
                return result ?? 0;
            case (string x, string y): return Math.Sign(string.CompareOrdinal(x, y));
            case (bool x, bool y): return x.CompareTo(y);
            case (CelBytes x, CelBytes y): return Math.Sign(x.CompareTo(y));
            case (CelTimestamp x, CelTimestamp y): return x.CompareTo(y);
            case (CelDuration x, CelDuration y): return x.CompareTo(y);
            default: return null;
        }
    }

    /// <summary>Compares two numbers of any of the three numeric types; null when either is NaN.</summary>
    internal static int? NumericCompare(object a, object b)
    {
        switch (a, b)
        {
            case (long x, long y): return x.CompareTo(y);
            case (ulong x, ulong y): return x.CompareTo(y);
            case (long x, ulong y): return x < 0 ? -1 : ((ulong)x).CompareTo(y);
            case (ulong x, long y): return y < 0 ? 1 : x.CompareTo((ulong)y);
        }
        var dx = a is double da ? da : double.NaN;
        var dy = b is double db ? db : double.NaN;
        if (a is double && b is double)
            return double.IsNaN(dx) || double.IsNaN(dy) ? null : dx.CompareTo(dy);
        return a is double ? Negate(CompareIntegerToDouble(b, dx)) : CompareIntegerToDouble(a, dy);
    }

    private static int? Negate(int? value) => value is null ? null : -value;

    /// <summary>An integer against a double compares as the integer converted to double (cel-go's behaviour,
    /// which the conformance suite pins: <c>9223372036854775807 &lt; 9223372036854775808.0</c> is false).</summary>
    private static int? CompareIntegerToDouble(object integer, double d)
    {
        if (double.IsNaN(d))
            return null;
        var value = integer is long l ? (double)l : (double)(ulong)integer;
        return value.CompareTo(d);
    }

    /// <summary>The CEL type of a value (<c>type(x)</c>).</summary>
    public static CelType TypeOf(object? value) => value switch
    {
        null => CelType.Null,
        long => CelType.Int,
        ulong => CelType.UInt,
        double => CelType.Double,
        bool => CelType.Bool,
        string => CelType.String,
        CelBytes => CelType.Bytes,
        CelList => CelType.List,
        CelMap => CelType.Map,
        CelTimestamp => CelType.Timestamp,
        CelDuration => CelType.Duration,
        CelType => CelType.Type,
        CelOptional => CelType.Optional,
        ICelObject o => o.CelType,
        _ => new CelType(value.GetType().Name),
    };

    internal static bool IsErrorOrUnknown(object? value) => value is CelError or CelUnknown;
}
