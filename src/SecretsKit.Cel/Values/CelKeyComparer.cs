namespace SecretsKit.Cel.Values;

/// <summary>Map key equality: int and uint keys of the same numeric value are the same key (cel-spec's
/// heterogeneous equality); bool and string keys compare as themselves.</summary>
internal sealed class CelKeyComparer : IEqualityComparer<object>
{
    public static readonly CelKeyComparer Instance = new();

    public new bool Equals(object? x, object? y) => x is string text ? y is string other && string.Equals(text, other, StringComparison.Ordinal) : (x, y) switch
    {
        (long a, ulong b) => a >= 0 && (ulong)a == b,
        (ulong a, long b) => b >= 0 && (ulong)b == a,
        _ => object.Equals(x, y),
    };

    public int GetHashCode(object obj) => obj switch
    {
        string text => text.GetHashCode(StringComparison.Ordinal),
        long l when l >= 0 => ((ulong)l).GetHashCode(),
        _ => obj.GetHashCode(),
    };
}
