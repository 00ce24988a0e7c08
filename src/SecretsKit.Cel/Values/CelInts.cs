namespace SecretsKit.Cel.Values;

/// <summary>CEL ints as boxed values: the small ones (sizes, indexes, counts) are shared boxes, made once, so a rule
/// that compares a size allocates nothing for it.</summary>
internal static class CelInts
{
    private const long Min = -128;
    private const long Max = 1023;
    private static readonly object[] Boxes = [.. Enumerable.Range((int)Min, (int)(Max - Min + 1)).Select(i => (object)(long)i)];

    /// <summary><paramref name="value"/> boxed: a shared box when it is small.</summary>
    public static object Box(long value) => value is >= Min and <= Max ? Boxes[value - Min] : value;
}
