using SecretsKit.Deploy.Charts;

namespace SecretsKit.Bench;

/// <summary>
/// The release's NOTES.txt cost (part of <c>--policy</c>): a chart given a NOTES.txt that echoes values, rendered by one
/// <c>helm template</c> of the chart as it is (what a release pays without the policy stage) against what the policy
/// stage does instead: copy the chart with NOTES.txt as a stand-in document (<see cref="NotesChart"/>), one
/// <c>helm template</c> of the copy, the stand-in cut out again and the copy removed. Best of <c>rounds</c>, the two
/// interleaved; "own" is the stage's part without the helm process (copy, cut, removal), each part's best.
/// </summary>
internal static class PolicyNotesTimer
{
    private const string Notes = """
        {{ .Chart.Name }} is installed as {{ .Release.Name }} in {{ .Release.Namespace }}.
        {{- range $k, $v := .Values }}
        {{ $k }}: {{ $v | toJson | trunc 60 }}
        {{- end }}
        """;

    public static void Run(string helm, string root, IEnumerable<(string Name, string Chart, string[] Extra)> workloads, int rounds)
    {
        Console.WriteLine($"{"NOTES.txt (chart + NOTES)",-34} {"files",7} {"helm template ms",17} {"stage ms",9} {"copy ms",8} {"cut+rm ms",10} {"own/helm",9} {"(stage-helm)/helm",18}");
        foreach (var (name, chart, extra) in workloads)
        {
            var work = Directory.CreateTempSubdirectory("policy-notes-bench-").FullName;
            try
            {
                var withNotes = Path.Combine(work, "chart");
                CopyTree(Path.Combine(root, chart), withNotes);
                File.WriteAllText(Path.Combine(withNotes, "templates", "NOTES.txt"), Notes);
                var files = Directory.EnumerateFiles(withNotes, "*", SearchOption.AllDirectories).Count();
                var (helmMs, stageMs, copyMs, cutMs) = (double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue);
                for (var round = 0; round < rounds; round++) // interleaved, so a change of load hits both columns alike
                {
                    helmMs = Math.Min(helmMs, ValidationTimer.Best(1, () => ValidationTimer.Template(helm, withNotes, extra)));
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var (notes, copy, cut) = Stage(helm, withNotes, work, extra);
                    (stageMs, copyMs, cutMs) = (Math.Min(stageMs, watch.Elapsed.TotalMilliseconds), Math.Min(copyMs, copy), Math.Min(cutMs, cut));
                    if (string.IsNullOrEmpty(notes)) throw new InvalidOperationException($"{chart}: no NOTES.txt came back");
                }
                Console.WriteLine($"{name,-34} {files,7} {helmMs,17:F1} {stageMs,9:F1} {copyMs,8:F2} {cutMs,10:F2} {(copyMs + cutMs) / helmMs,9:P1} {(stageMs - helmMs) / helmMs,18:P1}");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static int _copies;

    /// <summary>A copy into a new private folder each time, as the stage makes one per release.</summary>
    private static string Copy(string chart, string work)
    {
        var copy = Path.Combine(work, "copy-" + Interlocked.Increment(ref _copies)); // the private folder is the chart, as in the stage
        NotesChart.Write(chart, copy);
        return copy;
    }

    /// <summary>What the stage does for one release: copy, <c>helm template</c> of the copy, cut, remove the copy; with the times of its own parts (the copy; the cut and removal).</summary>
    private static (string? Notes, double CopyMs, double CutMs) Stage(string helm, string chart, string work, string[] extra)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var copy = Copy(chart, work);
        var own = watch.Elapsed.TotalMilliseconds;
        var rendered = ValidationTimer.Template(helm, copy, extra);
        watch.Restart();
        var (_, _, notes) = NotesChart.Split(rendered);
        Directory.Delete(copy, recursive: true);
        return (notes, own, watch.Elapsed.TotalMilliseconds);
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source)) CopyTree(directory, Path.Combine(target, Path.GetFileName(directory)));
    }
}
