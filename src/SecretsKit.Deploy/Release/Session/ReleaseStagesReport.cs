using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// <c>release status --stages</c>: per stage and environment of the promotion file, from each environment's record,
/// every release's chart version and digest, the helm revision recorded, the record's age and outcome, and whether it
/// equals what the stage it is promoted from runs (by chart version and digest).
/// </summary>
public static class ReleaseStagesReport
{
    private static readonly string[] Header = ["STAGE", "ENVIRONMENT", "RELEASE", "CHART", "DIGEST", "REVISION", "RECORD", "UPSTREAM"];

    /// <param name="contextOf">The kube context of an environment of the state file, or null when the state does not define it.</param>
    public static async Task<string> RenderAsync(PromotionFile promotion, Func<string, string?> contextOf, ClusterConnections clusters, string ns,
        DateTimeOffset now, CancellationToken ct)
    {
        if (promotion.Stages.Count == 0) return $"no stages: --stages reads the stages of {PromotionFile.DefaultFileName} (or --promotion-file)\n";
        var records = new Dictionary<string, (ReleaseRecord? Record, string? Problem)>(StringComparer.Ordinal);
        foreach (var environment in promotion.Environments) records[environment] = await ReadAsync(environment, contextOf, clusters, ns, ct);
        var rows = new List<string[]> { Header };
        foreach (var stage in promotion.Stages)
        {
            var upstream = stage.From is { } from && promotion.Stage(from)?.Environments is [var first, ..] ? first : null;
            foreach (var environment in stage.Environments)
            {
                var (record, problem) = records[environment];
                if (record is null)
                {
                    rows.Add([stage.Name, environment, "-", "-", "-", "-", problem ?? "no record", "-"]);
                    continue;
                }
                var age = Age(now - record.EndedAt) + " ago, " + Word(record.Outcome);
                foreach (var entry in record.Releases.Where(e => e is not null))
                {
                    var chart = entry.Chart ?? new RecordedChart();
                    rows.Add([stage.Name, environment, Word($"{entry.Namespace}/{entry.Name}"), Word($"{chart.Name} {chart.Version}"), Short(chart.Digest),
                        entry.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", age, Upstream(entry, upstream, records)]);
                }
            }
        }
        return Table(rows);
    }

    private static async Task<(ReleaseRecord?, string?)> ReadAsync(string environment, Func<string, string?> contextOf, ClusterConnections clusters, string ns,
        CancellationToken ct)
    {
        if (contextOf(environment) is not { } context) return (null, "not in the state file");
        try
        {
            return (await ReleaseRecordStore.ReadAsync(clusters, context, ns, environment, ct))?.Record is { } record ? (record, null) : (null, "no record");
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException)
        {
            return (null, "unreadable: " + Echo.Bounded(e.Message));
        }
    }

    private static string Upstream(ReleaseRecordEntry entry, string? upstream, Dictionary<string, (ReleaseRecord? Record, string? Problem)> records)
    {
        if (upstream is null) return "-";
        if (records.GetValueOrDefault(upstream).Record is not { } source) return $"{upstream}: no record";
        var there = source.Releases.FirstOrDefault(e => e is not null && e.Name == entry.Name && e.Namespace == entry.Namespace);
        if (there is null) return $"not in {upstream}";
        var same = there.Chart?.Version == entry.Chart?.Version && there.Chart?.Digest == entry.Chart?.Digest;
        return same ? $"same as {upstream}" : $"differs from {upstream} ({Word(there.Chart?.Version)} {Short(there.Chart?.Digest)})";
    }

    private static string Age(TimeSpan span) =>
        span < TimeSpan.Zero ? "0s" : Go.Time.GoDuration.Format(TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds)).Ticks * 100);

    private static string Short(string? digest) => string.IsNullOrEmpty(digest) ? "-" : Word(digest.Length > 19 ? digest[..19] : digest);

    private static string Word(string? text) => Echo.Bounded(text ?? "");

    private static string Table(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, Header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Append(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }
}
