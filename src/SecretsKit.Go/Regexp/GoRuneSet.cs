namespace SecretsKit.Go.Regexp;

/// <summary>
/// A set of runes (Unicode code points) as sorted, disjoint, non-adjacent ranges: a character class of a Go regular
/// expression as <see cref="GoRegexAutomaton"/> matches it. Membership of an ASCII rune is one bit test.
/// </summary>
internal sealed class GoRuneSet
{
    private const int MaxRune = 0x10FFFF;
    private readonly (int Lo, int Hi)[] _ranges;
    private readonly ulong _asciiLow;
    private readonly ulong _asciiHigh;

    private GoRuneSet((int Lo, int Hi)[] ranges)
    {
        _ranges = ranges;
        foreach (var (lo, hi) in ranges)
        {
            for (var r = lo; r <= Math.Min(hi, 127); r++)
            {
                if (r < 64) _asciiLow |= 1UL << r;
                else _asciiHigh |= 1UL << (r - 64);
            }
        }
    }

    /// <summary>Go's <c>.</c> without the <c>s</c> flag: every rune but a newline.</summary>
    public static GoRuneSet AnyButNewline { get; } = Of([(0, '\n' - 1), ('\n' + 1, MaxRune)]);

    /// <summary>Go's Perl classes, ASCII only as in Go: <c>\d</c>, <c>\s</c> (<c>[\t\n\f\r ]</c>), <c>\w</c>.</summary>
    public static IReadOnlyList<(int Lo, int Hi)> Perl(char name) => char.ToLowerInvariant(name) switch
    {
        'd' => [('0', '9')],
        's' => [('\t', '\n'), ('\f', '\r'), (' ', ' ')],
        'w' => [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The set of <paramref name="ranges"/> (in any order, overlapping or not), or its complement.</summary>
    public static GoRuneSet Of(IEnumerable<(int Lo, int Hi)> ranges, bool negate = false)
    {
        var merged = Merge(ranges);
        return new GoRuneSet(negate ? Complement(merged) : merged);
    }

    /// <summary>The complement of <paramref name="ranges"/> (as <see cref="Of"/> takes them).</summary>
    public static IReadOnlyList<(int Lo, int Hi)> Negated(IEnumerable<(int Lo, int Hi)> ranges) => Complement(Merge(ranges));

    public bool Contains(int rune)
    {
        if (rune < 64) return (_asciiLow >> rune & 1) != 0;
        if (rune < 128) return (_asciiHigh >> (rune - 64) & 1) != 0;
        int lo = 0, hi = _ranges.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (rune < _ranges[mid].Lo) hi = mid - 1;
            else if (rune > _ranges[mid].Hi) lo = mid + 1;
            else return true;
        }
        return false;
    }

    private static (int Lo, int Hi)[] Merge(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Lo).ToList();
        var merged = new List<(int Lo, int Hi)>(sorted.Count);
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Lo <= merged[^1].Hi + 1) merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, r.Hi));
            else merged.Add(r);
        }
        return [.. merged];
    }

    private static (int Lo, int Hi)[] Complement((int Lo, int Hi)[] merged)
    {
        var result = new List<(int Lo, int Hi)>(merged.Length + 1);
        var next = 0;
        foreach (var (lo, hi) in merged)
        {
            if (lo > next) result.Add((next, lo - 1));
            next = hi + 1;
        }
        if (next <= MaxRune) result.Add((next, MaxRune));
        return [.. result];
    }
}
