namespace SecretsKit.Core.Errors;

/// <summary>
/// The "did you mean" of a mistyped word (a command, a state-file key): optimal string alignment distance, counting
/// insertions, deletions, substitutions and swaps of neighbours, compared without case.
/// </summary>
public static class EditDistance
{
    /// <summary>The closest of <paramref name="known"/> within <paramref name="maxEdits"/> edits, or null (the first one wins a tie).</summary>
    public static string? Closest(string typed, IEnumerable<string> known, int maxEdits)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = maxEdits + 1;
        foreach (var candidate in known)
        {
            if (Math.Abs(candidate.Length - typed.Length) >= bestDistance) continue;
            var d = Between(typed, candidate);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Edits between <paramref name="a"/> and <paramref name="b"/>, case ignored.</summary>
    public static int Between(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
