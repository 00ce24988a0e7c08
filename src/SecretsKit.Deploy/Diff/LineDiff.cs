namespace SecretsKit.Deploy.Diff;

/// <summary>
/// Shortest edit script between two line lists (Myers' O(ND) algorithm after trimming the common head and tail).
/// Within each run of changes, deletions come before insertions. Past <see cref="MaxDistance"/> differences the
/// middle is reported as replaced wholesale rather than spending quadratic memory.
/// </summary>
internal static class LineDiff
{
    public const int MaxDistance = 2000;

    public static List<Edit> Compute(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var head = 0;
        while (head < a.Count && head < b.Count && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Count - head && tail < b.Count - head && a[a.Count - 1 - tail] == b[b.Count - 1 - tail]) tail++;
        var edits = new List<Edit>(a.Count + b.Count);
        for (var i = 0; i < head; i++) edits.Add(new Edit(EditKind.Equal, i, i));
        var middle = Middle(a, b, head, a.Count - tail, b.Count - tail);
        edits.AddRange(Normalize(middle));
        for (var i = tail; i > 0; i--) edits.Add(new Edit(EditKind.Equal, a.Count - i, b.Count - i));
        return edits;
    }

    /// <summary>Myers on a[start..aEnd) and b[start..bEnd), with the V array saved before every round for the walk back.</summary>
    private static List<Edit> Middle(IReadOnlyList<string> a, IReadOnlyList<string> b, int start, int aEnd, int bEnd)
    {
        int n = aEnd - start, m = bEnd - start;
        if (n == 0 || m == 0) return Replace(start, n, m);
        var max = n + m;
        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= Math.Min(max, MaxDistance) && !found; d++)
        {
            trace.Add((int[])v[(offset - d - 1)..(offset + d + 2)].Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[start + x] == b[start + y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }
        }
        if (!found) return Replace(start, n, m);
        return Backtrack(trace, start, n, m);
    }

    private static List<Edit> Backtrack(List<int[]> trace, int start, int n, int m)
    {
        var edits = new List<Edit>();
        int x = n, y = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var saved = trace[d];
            int V(int k) => saved[k + d + 1];
            var k = x - y;
            var previousK = k == -d || (k != d && V(k - 1) < V(k + 1)) ? k + 1 : k - 1;
            var previousX = V(previousK);
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                edits.Add(new Edit(EditKind.Equal, start + x - 1, start + y - 1));
                x--;
                y--;
            }
            if (d > 0)
            {
                edits.Add(x == previousX ? new Edit(EditKind.Insert, -1, start + y - 1) : new Edit(EditKind.Delete, start + x - 1, -1));
            }
            x = previousX;
            y = previousY;
        }
        edits.Reverse();
        return edits;
    }

    private static List<Edit> Replace(int start, int n, int m)
    {
        var edits = new List<Edit>(n + m);
        for (var i = 0; i < n; i++) edits.Add(new Edit(EditKind.Delete, start + i, -1));
        for (var j = 0; j < m; j++) edits.Add(new Edit(EditKind.Insert, -1, start + j));
        return edits;
    }

    /// <summary>Reorders each run of consecutive changes so its deletions precede its insertions.</summary>
    private static List<Edit> Normalize(List<Edit> edits)
    {
        var output = new List<Edit>(edits.Count);
        var inserts = new List<Edit>();
        foreach (var edit in edits)
        {
            if (edit.Kind == EditKind.Insert)
            {
                inserts.Add(edit);
                continue;
            }
            if (edit.Kind == EditKind.Equal)
            {
                output.AddRange(inserts);
                inserts.Clear();
            }
            output.Add(edit);
        }
        output.AddRange(inserts);
        return output;
    }
}
