using SecretsKit.Deploy.Charts;

namespace SecretsKit.Bench;

/// <summary>
/// The release's NOTES.txt cost (part of <c>--policy</c>): a chart given a NOTES.txt that echoes values, rendered by one
/// <c>helm template</c> of the chart as it is (what a release pays without the policy stage) against what the policy
/// stage does instead: copy the chart with NOTES.txt as a stand-in document (<see cref="NotesChart"/>), one
/// <c>helm template</c> of the copy, and the stand-in cut out again. Best of <c>rounds</c>.
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
        Console.WriteLine($"{"NOTES.txt (chart + NOTES)",-34} {"files",15} {"helm template ms",17} {"copy ms",9} {"copy+template ms",16} {"extra/helm",11}");
        foreach (var (name, chart, extra) in workloads)
        {
            var work = Directory.CreateTempSubdirectory("policy-notes-bench-").FullName;
            try
            {
                var withNotes = Path.Combine(work, "chart");
                CopyTree(Path.Combine(root, chart), withNotes);
                File.WriteAllText(Path.Combine(withNotes, "templates", "NOTES.txt"), Notes);
                var files = Directory.EnumerateFiles(withNotes, "*", SearchOption.AllDirectories).Count();
                var helmMs = ValidationTimer.Best(rounds, () => ValidationTimer.Template(helm, withNotes, extra));
                var copyMs = ValidationTimer.Best(rounds, () => Copy(withNotes, work));
                string? notes = null;
                var stageMs = ValidationTimer.Best(rounds, () => notes = Stage(helm, withNotes, work, extra));
                if (string.IsNullOrEmpty(notes)) throw new InvalidOperationException($"{chart}: no NOTES.txt came back");
                Console.WriteLine($"{name,-34} {files,15} {helmMs,17:F1} {copyMs,9:F1} {stageMs,16:F1} {(stageMs - helmMs) / helmMs,10:P1}");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string Copy(string chart, string work)
    {
        var copy = Path.Combine(work, "copy", "chart");
        NotesChart.Write(chart, copy);
        return copy;
    }

    private static string? Stage(string helm, string chart, string work, string[] extra)
    {
        var copy = Copy(chart, work);
        var (_, _, notes) = NotesChart.Split(ValidationTimer.Template(helm, copy, extra));
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        return notes;
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source)) CopyTree(directory, Path.Combine(target, Path.GetFileName(directory)));
    }
}
