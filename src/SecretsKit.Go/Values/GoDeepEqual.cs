
namespace SecretsKit.Go.Values;

/// <summary>
/// Go's <c>reflect.DeepEqual</c> over template values: the Go types must match (an <c>int</c> 1 is not an <c>int64</c> 1 nor
/// a <c>float64</c> 1), slices compare item by item (a nil slice is not an empty one), maps key by key.
/// </summary>
public static class GoDeepEqual
{
    /// <summary>Deeper than this, values are compared as references (a map that holds itself ends here, not in a stack overflow).</summary>
    private const int MaxDepth = 1_000;

    public static bool Equal(object? a, object? b) => Equal(a, b, 0);

    private static bool Equal(object? a, object? b, int depth)
    {
        if (a is null || b is null) return a is null && b is null;
        if (ReferenceEquals(a, b) && a is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>) return true;
        if (depth > MaxDepth) throw new GoException($"deepEqual: values nest deeper than {MaxDepth} levels");
        if (GoTypes.TypeName(a) != GoTypes.TypeName(b)) return false;
        switch (a)
        {
            case IReadOnlyList<object?> x:
                var y = (IReadOnlyList<object?>)b;
                if (IsNil(x) != IsNil(y) || x.Count != y.Count) return false;
                for (var i = 0; i < x.Count; i++)
                {
                    if (!Equal(x[i], y[i], depth + 1)) return false;
                }
                return true;
            case IReadOnlyDictionary<string, object?> m:
                var n = (IReadOnlyDictionary<string, object?>)b;
                return m.Count == n.Count && m.All(kv => n.TryGetValue(kv.Key, out var v) && Equal(kv.Value, v, depth + 1));
            case double d:
                return d == (double)b;
            case IGoValue o:
                return ReferenceEquals(a, b) || (o.TryFormat() is { } s && s == ((IGoValue)b).TryFormat() && a.Equals(b));
            default:
                return a.Equals(b);
        }
    }

    private static bool IsNil(IReadOnlyList<object?> l) => l is GoSlice { IsNil: true };
}
