using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Release.Promotion;

/// <summary>One gate's verdict: its name, whether it passed, and why (a release and a reason; never a value).</summary>
public sealed record GateResult(string Name, bool Passed, string Detail)
{
    /// <summary><c>gate sameChart: shop/backend would deploy …</c>, how a refusal is said.</summary>
    public string Message => $"gate {Name}: {Detail}";
}

/// <summary>What the gates of one promotion read, all gathered before anything in the target cluster is written.</summary>
/// <param name="Source">The source environment's record (null: there is none).</param>
/// <param name="SourceRevisions">Per release id, the revision helm has deployed in the source environment now (null: not installed there).</param>
/// <param name="Target">The planned releases of the target, with their charts and secret key paths.</param>
/// <param name="Digest">The digest of the target's plan (<c>release diff --digest</c>).</param>
public sealed record GateInputs(
    string SourceEnvironment, string TargetEnvironment, string RecordLocation, ReleaseRecord? Source,
    IReadOnlyDictionary<string, int?> SourceRevisions, IReadOnlyList<GatedRelease> Target, string Digest, string? ApprovedDigest, DateTimeOffset Now);

/// <summary>A target release as the gates see it.</summary>
public sealed record GatedRelease(string Id, RecordedChart Chart, IReadOnlyCollection<string> SecretKeys);

/// <summary>
/// Evaluates a stage's <see cref="PromotionGates"/> (the promotion file's <c>gates:</c>) over <see cref="GateInputs"/>:
/// every enabled gate, in a fixed order, each with a result. The <c>recipients</c> gate runs the recipient checks
/// (<c>Release/Recipients</c>) and is evaluated by the session, which has the state they read.
/// </summary>
public static class PromotionGateCheck
{
    public static IReadOnlyList<GateResult> Evaluate(PromotionGates gates, GateInputs inputs)
    {
        var results = new List<GateResult>();
        if (gates.SourceVerified) results.Add(SourceVerified(inputs));
        if (gates.MaxSourceAge is { } maxAge) results.Add(WithRecord(inputs, "maxSourceAge", record => Age(inputs, record) <= maxAge ? null
            : $"the {inputs.SourceEnvironment} record is {Duration(Age(inputs, record))} old, older than {Duration(maxAge)}"));
        if (gates.MinSoak > TimeSpan.Zero) results.Add(WithRecord(inputs, "minSoak", record => Age(inputs, record) >= gates.MinSoak ? null
            : $"{inputs.SourceEnvironment} has run it for {Duration(Age(inputs, record))} of {Duration(gates.MinSoak)}"));
        if (gates.SameChart) results.Add(PerRelease(inputs, "sameChart", SameChart));
        if (gates.SecretKeys == SecretKeysGate.Same) results.Add(PerRelease(inputs, "secretKeys", SameKeys));
        if (gates.Approval == ApprovalGate.DiffDigest) results.Add(Approval(inputs));
        return results;
    }

    private static GateResult SourceVerified(GateInputs inputs) => WithRecord(inputs, "sourceVerified", record =>
    {
        if (record.Outcome != "passed") return $"the {inputs.SourceEnvironment} record's run {Word(record.Outcome)} ({record.Command} ended {record.EndedAt:u})";
        foreach (var release in inputs.Target)
        {
            if (Entry(record, release.Id) is not { } entry) return $"{release.Id} is not in the {inputs.SourceEnvironment} record";
            if (entry.Outcome != "passed") return $"{release.Id} did not pass in {inputs.SourceEnvironment} ({Word(entry.Result)})";
            if (entry.Stages?.FirstOrDefault(s => s.Name == "test") is { Outcome: not "passed" } test)
            {
                return $"{release.Id}'s helm test in {inputs.SourceEnvironment} was {Word(test.Outcome)}";
            }
            var live = inputs.SourceRevisions.GetValueOrDefault(release.Id);
            if (live != entry.Revision)
            {
                return $"{release.Id} in {inputs.SourceEnvironment} is at {Revision(live)}, the record verified {Revision(entry.Revision)}";
            }
        }
        return null;
    });

    private static string? SameChart(GateInputs inputs, GatedRelease release, ReleaseRecordEntry source)
    {
        var chart = source.Chart ?? new RecordedChart();
        if (release.Chart.Version == chart.Version && release.Chart.Digest == chart.Digest) return null;
        return $"{release.Id} would deploy {Word(release.Chart.Name)} {Word(release.Chart.Version)} ({Short(release.Chart.Digest)}), "
            + $"{inputs.SourceEnvironment} verified {Word(chart.Name)} {Word(chart.Version)} ({Short(chart.Digest)})";
    }

    private static string? SameKeys(GateInputs inputs, GatedRelease release, ReleaseRecordEntry source)
    {
        var had = (source.SecretKeys ?? []).ToHashSet(StringComparer.Ordinal);
        var missing = had.Where(k => !release.SecretKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var extra = release.SecretKeys.Where(k => !had.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && extra.Count == 0) return null;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"lacks {Keys(missing)} that {inputs.SourceEnvironment} has");
        if (extra.Count > 0) parts.Add($"has {Keys(extra)} that {inputs.SourceEnvironment} lacks");
        return $"{release.Id} in {inputs.TargetEnvironment} " + string.Join("; ", parts);
    }

    private static GateResult Approval(GateInputs inputs)
    {
        if (inputs.ApprovedDigest is null)
        {
            return new GateResult("approval", false,
                $"{inputs.TargetEnvironment} needs --approved-digest: the digest `secretskit release -e {inputs.TargetEnvironment} diff --digest` prints (now {inputs.Digest})");
        }
        return inputs.ApprovedDigest == inputs.Digest
            ? new GateResult("approval", true, $"the change is the approved one ({inputs.Digest})")
            : new GateResult("approval", false, $"the change differs from the approved one (approved {Word(inputs.ApprovedDigest)}, now {inputs.Digest})");
    }

    /// <summary>A gate that needs the source record; <paramref name="check"/> returns why it refuses, or null.</summary>
    private static GateResult WithRecord(GateInputs inputs, string name, Func<ReleaseRecord, string?> check)
    {
        if (inputs.Source is not { } record)
        {
            return new GateResult(name, false, $"{inputs.SourceEnvironment} has no release record ({inputs.RecordLocation}): apply or promote it there first");
        }
        return check(record) is { } why ? new GateResult(name, false, why) : new GateResult(name, true, $"{inputs.SourceEnvironment} record of {record.EndedAt:u}");
    }

    /// <summary>A gate checked release by release against the source record's entry; the first refusal is the gate's.</summary>
    private static GateResult PerRelease(GateInputs inputs, string name, Func<GateInputs, GatedRelease, ReleaseRecordEntry, string?> check) =>
        WithRecord(inputs, name, record =>
        {
            foreach (var release in inputs.Target)
            {
                if (Entry(record, release.Id) is not { } entry) return $"{release.Id} is not in the {inputs.SourceEnvironment} record";
                if (check(inputs, release, entry) is { } why) return why;
            }
            return null;
        });

    private static ReleaseRecordEntry? Entry(ReleaseRecord record, string id) =>
        record.Releases.FirstOrDefault(e => e is not null && $"{e.Namespace}/{e.Name}" == id);

    private static TimeSpan Age(GateInputs inputs, ReleaseRecord record) => inputs.Now - record.EndedAt;

    private static string Duration(TimeSpan span) =>
        Go.Time.GoDuration.Format((span < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds))).Ticks * 100);

    private static string Revision(int? revision) => revision is { } r ? $"revision {r}" : "no revision (not installed)";

    private static string Keys(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(10).Select(Word)) + (keys.Count > 10 ? $" and {keys.Count - 10} more" : "");

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] + "…" : digest.Length == 0 ? "no digest" : Word(digest);

    /// <summary>Text from a record (anyone with access to the ConfigMap could write it), bounded and on one line.</summary>
    private static string Word(string? text) => Core.Errors.Echo.Bounded(text ?? "");
}
