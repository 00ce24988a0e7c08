namespace SecretsKit.Deploy.Release;

/// <summary>The "did you mean" of a mistyped state-file key: the closest known key within two edits, if one is that close.</summary>
internal static class KeySuggestion
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in known)
        {
            var d = Edits(typed.ToLowerInvariant(), candidate.ToLowerInvariant(), bestDistance);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Insertions, deletions, substitutions and swaps of neighbours between two short keys (stops counting past <paramref name="limit"/>).</summary>
    private static int Edits(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit) return limit;
        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) rows[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) rows[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, rows[i - 2, j - 2] + 1);
                rows[i, j] = v;
            }
        }
        return rows[a.Length, b.Length];
    }
}
