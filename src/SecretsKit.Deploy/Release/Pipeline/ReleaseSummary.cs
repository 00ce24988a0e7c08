using System.Globalization;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The summary table printed to stderr after every run, one row per selected release.</summary>
public static class ReleaseSummary
{
    private static readonly string[] Header = ["RELEASE", "NAMESPACE", "STAGE", "RESULT", "DURATION"];

    public static string Render(IReadOnlyList<ReleaseOutcome> outcomes)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(outcomes.Select(o => new[]
        {
            o.Target.Name, o.Target.Namespace, o.Stage, o.Text,
            o.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        }));
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            sb.Append(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }
}
