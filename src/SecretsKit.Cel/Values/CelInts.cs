namespace SecretsKit.Cel.Values;

/// <summary>CEL ints as boxed values: the small ones (sizes, indexes, counts) are shared boxes, each made when first
/// asked for (not all 1,152 at the first use, in a one-shot process), so a rule that compares a size allocates nothing
/// for it afterwards.</summary>
internal static class CelInts
{
    private const long Min = -128;
    private const long Max = 1023;
    private static readonly object?[] Boxes = new object?[Max - Min + 1];

    /// <summary><paramref name="value"/> boxed: a shared box when it is small (threads that race may each make one; a
    /// box is a value, never compared by reference).</summary>
    public static object Box(long value) => value is >= Min and <= Max ? Boxes[value - Min] ??= value : value;
}
