using System.Globalization;
using System.Text;
using SecretsKit.Deploy.Diff;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// The lines of an assertion's failure as helm-unittest lays them out: <c>DocumentIndex:</c>/<c>ValuesIndex:</c> first
/// when known, then <c>Path:</c>, <c>Expected[ NOT] …:</c>, <c>Actual:</c> and a one-line-context unified <c>Diff:</c>,
/// each value indented by a tab.
/// </summary>
internal static class FailInfo
{
    public const string ErrorFormat = "\nError:\n%s\n";

    public static string Format(bool not, bool path, bool actual, bool diff, string customize)
    {
        var result = "\nExpected" + (not ? " NOT" : "") + customize + ":\n%s\n";
        if (path) result = "Path:%s" + result;
        if (actual) result += "Actual:\n%s\n";
        if (diff) result += "Diff:\n%s\n";
        return result;
    }

    public static List<string> Lines(string format, int manifestIndex, int valuesIndex, params string[] replacements)
    {
        var text = new StringBuilder();
        var trimmed = format.Trim('\t', '\n', ' ');
        var next = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '%' && i + 1 < trimmed.Length && trimmed[i + 1] == 's')
            {
                var r = next < replacements.Length ? replacements[next++] : "%!s(MISSING)";
                text.Append('\t').Append(r.Replace("\n", "\n\t", StringComparison.Ordinal).Trim('\n', '\t', ' '));
                i++;
            }
            else text.Append(trimmed[i]);
        }
        var lines = text.ToString().Split('\n').ToList();
        if (valuesIndex >= 0) lines.Insert(0, "ValuesIndex:\t" + valuesIndex.ToString(CultureInfo.InvariantCulture));
        if (manifestIndex >= 0) lines.Insert(0, "DocumentIndex:\t" + manifestIndex.ToString(CultureInfo.InvariantCulture));
        return lines;
    }

    public static List<string> Error(int manifestIndex, int valuesIndex, string message) => Lines(ErrorFormat, manifestIndex, valuesIndex, message);

    /// <summary>go-difflib's unified diff of two texts, <c>--- Expected</c> / <c>+++ Actual</c>, one line of context.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = SplitLines(expected);
        var b = SplitLines(actual);
        var edits = LineDiff.Compute(a, b);
        if (edits.All(e => e.Kind == EditKind.Equal)) return "";
        var output = new StringBuilder("--- Expected\n+++ Actual\n");
        var changes = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != EditKind.Equal).ToList();
        var c = 0;
        while (c < changes.Count)
        {
            var first = changes[c];
            var last = first;
            while (c + 1 < changes.Count && changes[c + 1] - last <= 3) last = changes[++c];
            c++;
            Hunk(output, edits, Math.Max(0, first - 1), Math.Min(edits.Count - 1, last + 1), a, b);
        }
        return output.ToString();
    }

    private static void Hunk(StringBuilder output, List<Edit> edits, int from, int to, List<string> a, List<string> b)
    {
        var slice = edits.Skip(from).Take(to - from + 1).ToList();
        var oldCount = slice.Count(e => e.Kind != EditKind.Insert);
        var newCount = slice.Count(e => e.Kind != EditKind.Delete);
        var oldStart = slice.FirstOrDefault(e => e.Kind != EditKind.Insert) is { } o && oldCount > 0 ? o.OldIndex : PrecedingOld(edits, from);
        var newStart = slice.FirstOrDefault(e => e.Kind != EditKind.Delete) is { } n && newCount > 0 ? n.NewIndex : PrecedingNew(edits, from);
        output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        foreach (var e in slice)
        {
            output.Append(e.Kind switch
            {
                EditKind.Equal => " " + a[e.OldIndex],
                EditKind.Delete => "-" + a[e.OldIndex],
                _ => "+" + b[e.NewIndex],
            });
        }
    }

    private static int PrecedingOld(List<Edit> edits, int from) =>
        edits.Take(from).LastOrDefault(e => e.Kind != EditKind.Insert) is { } e && from > 0 ? e.OldIndex + 1 : 0;

    private static int PrecedingNew(List<Edit> edits, int from) =>
        edits.Take(from).LastOrDefault(e => e.Kind != EditKind.Delete) is { } e && from > 0 ? e.NewIndex + 1 : 0;

    // Python's difflib range: "start" for one line, "start-1,0" for none, else "start,count" (1-based)
    private static string Range(int start, int count) => count switch
    {
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        0 => start.ToString(CultureInfo.InvariantCulture) + ",0",
        _ => (start + 1).ToString(CultureInfo.InvariantCulture) + "," + count.ToString(CultureInfo.InvariantCulture),
    };

    private static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\n') continue;
            lines.Add(s[start..(i + 1)]);
            start = i + 1;
        }
        lines.Add(s[start..] + "\n");
        return lines;
    }
}
