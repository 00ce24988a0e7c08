namespace SecretsKit.Deploy.Release.Records;

/// <summary>
/// An apply that finds a release unchanged neither upgrades nor tests it, yet what runs is what an earlier run
/// verified. Such an entry keeps the earlier record's <c>upgrade</c> and <c>test</c> outcomes when that record shows the
/// same revision, chart digest and redacted rendering; otherwise they stay <c>skipped</c>.
/// </summary>
public static class ReleaseRecordCarry
{
    private static readonly string[] Carried = ["upgrade", "test"];

    public static void Apply(ReleaseRecord? previous, IReadOnlyList<ReleaseRecordEntry> entries)
    {
        if (previous is null) return;
        foreach (var entry in entries.Where(e => e.Result == "unchanged"))
        {
            var before = previous.Releases.FirstOrDefault(p => p is not null && p.Name == entry.Name && p.Namespace == entry.Namespace);
            if (before is null || before.Outcome != "passed" || before.Revision != entry.Revision || before.RenderingDigest != entry.RenderingDigest
                || before.Chart?.Digest != entry.Chart.Digest)
            {
                continue;
            }
            foreach (var name in Carried)
            {
                var now = entry.Stages.FirstOrDefault(s => s.Name == name);
                var then = before.Stages?.FirstOrDefault(s => s?.Name == name);
                if (now is { Outcome: "skipped" } && then?.Outcome is "passed") now.Outcome = "passed";
            }
        }
    }
}
