namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Short texts a rendering repeats thousands of times (a CRD schema's keys: <c>type</c>, <c>description</c>,
/// <c>properties</c>; its type names), made once per thread and shared instead of one string per occurrence. A lossy
/// table of a fixed size: a text whose slot holds another is made anew and takes the slot.
/// </summary>
internal static class SharedText
{
    private const int Slots = 2048;
    private const int MaxLength = 32;

    [ThreadStatic]
    private static string?[]? _slots;

    /// <summary>The text of <paramref name="length"/> characters at <paramref name="start"/>, shared when it is short.</summary>
    public static string Of(string text, int start, int length)
    {
        if (length > MaxLength) return text.Substring(start, length);
        var span = text.AsSpan(start, length);
        var slots = _slots ??= new string?[Slots];
        var slot = string.GetHashCode(span, StringComparison.Ordinal) & (Slots - 1);
        if (slots[slot] is { } cached && span.SequenceEqual(cached)) return cached;
        return slots[slot] = span.ToString();
    }
}
