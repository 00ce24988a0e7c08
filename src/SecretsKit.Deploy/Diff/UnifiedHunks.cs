using System.Globalization;
using System.Text;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// Renders an edit script as unified-diff hunks (<c>@@ -a,b +c,d @@</c>) with <c>contextLines</c> unchanged lines
/// around each change, lines prefixed with two spaces, <c>- </c> or <c>+ </c> as helm-diff prints them.
/// </summary>
internal static class UnifiedHunks
{
    public static void Write(StringBuilder output, IReadOnlyList<Edit> edits, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, int contextLines)
    {
        var context = Math.Max(0, contextLines);
        var changes = new List<int>();
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind != EditKind.Equal) changes.Add(i);
        }
        var c = 0;
        while (c < changes.Count)
        {
            var first = changes[c];
            var last = first;
            while (c + 1 < changes.Count && changes[c + 1] - last <= 2 * context + 1) last = changes[++c];
            c++;
            var from = Math.Max(0, first - context);
            var to = Math.Min(edits.Count - 1, last + context);
            WriteHunk(output, edits, from, to, oldLines, newLines);
        }
    }

    private static void WriteHunk(StringBuilder output, IReadOnlyList<Edit> edits, int from, int to, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        int oldStart = -1, newStart = -1, oldCount = 0, newCount = 0;
        for (var i = from; i <= to; i++)
        {
            var e = edits[i];
            if (e.OldIndex >= 0)
            {
                if (oldStart < 0) oldStart = e.OldIndex;
                oldCount++;
            }
            if (e.NewIndex >= 0)
            {
                if (newStart < 0) newStart = e.NewIndex;
                newCount++;
            }
        }
        // an empty side is anchored after the line before it, as diff -u does
        if (oldStart < 0) oldStart = PrecedingIndex(edits, from, old: true);
        if (newStart < 0) newStart = PrecedingIndex(edits, from, old: false);
        output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
        for (var i = from; i <= to; i++)
        {
            var e = edits[i];
            switch (e.Kind)
            {
                case EditKind.Equal:
                    output.Append("  ").Append(newLines[e.NewIndex]).Append('\n');
                    break;
                case EditKind.Delete:
                    output.Append("- ").Append(oldLines[e.OldIndex]).Append('\n');
                    break;
                default:
                    output.Append("+ ").Append(newLines[e.NewIndex]).Append('\n');
                    break;
            }
        }
    }

    private static int PrecedingIndex(IReadOnlyList<Edit> edits, int from, bool old)
    {
        for (var i = from - 1; i >= 0; i--)
        {
            var index = old ? edits[i].OldIndex : edits[i].NewIndex;
            if (index >= 0) return index + 1;
        }
        return 0;
    }

    private static string Range(int start, int count) =>
        count == 0 ? string.Create(CultureInfo.InvariantCulture, $"{start},0") : string.Create(CultureInfo.InvariantCulture, $"{start + 1},{count}");
}
