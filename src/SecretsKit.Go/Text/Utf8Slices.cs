namespace SecretsKit.Go.Text;

/// <summary>
/// Cuts a long string into slices that encode to UTF-8 independently, for writers that encode a large value a slice at
/// a time into a fixed buffer: a slice never ends between the two halves of a surrogate pair, so the slices' bytes equal
/// the whole string's (a lone surrogate becomes U+FFFD either way).
/// </summary>
public static class Utf8Slices
{
    /// <summary>The most bytes a slice of <paramref name="chars"/> characters encodes to.</summary>
    public static int MaxBytes(int chars) => 3 * chars;

    /// <summary>How many characters of <paramref name="rest"/> (at most <paramref name="max"/>, at least 1) the next slice takes.</summary>
    public static int Next(ReadOnlySpan<char> rest, int max)
    {
        if (rest.Length <= max) return rest.Length;
        return char.IsHighSurrogate(rest[max - 1]) && max > 1 ? max - 1 : max;
    }
}
