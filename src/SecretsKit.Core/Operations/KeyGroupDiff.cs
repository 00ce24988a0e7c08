using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Operations;

/// <summary>What changes between two key-group lists, per group index, by key type and identifier.</summary>
public sealed record KeyGroupDiff(IReadOnlyList<KeyGroupDiff.GroupChange> Groups, int OldThreshold, int NewThreshold)
{
    /// <summary>The keys of one group: <see cref="Kept"/>, <see cref="Added"/>, <see cref="Removed"/> as "type identifier".</summary>
    public sealed record GroupChange(int Index, IReadOnlyList<string> Kept, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

    public bool IsEmpty => OldThreshold == NewThreshold && Groups.All(g => g.Added.Count == 0 && g.Removed.Count == 0);

    public static KeyGroupDiff Compute(KeySourceRegistry registry, IReadOnlyList<IReadOnlyList<MasterKeyEntry>> before,
        IReadOnlyList<IReadOnlyList<IMasterKey>> after, int oldThreshold, int newThreshold)
    {
        var changes = new List<GroupChange>();
        for (var i = 0; i < Math.Max(before.Count, after.Count); i++)
        {
            var old = i < before.Count ? before[i].Select(e => MasterKeys.Identify(registry, e)).ToList() : new List<string>();
            var now = i < after.Count ? after[i].Select(MasterKeys.Describe).ToList() : new List<string>();
            changes.Add(new GroupChange(i,
                now.Where(n => old.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList(),
                now.Where(n => !old.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList(),
                old.Where(o => !now.Contains(o, StringComparer.OrdinalIgnoreCase)).ToList()));
        }
        return new KeyGroupDiff(changes, oldThreshold, newThreshold);
    }

    /// <summary>Human-readable lines: <c>Group 1</c>, then <c>+++ age age1…</c> / <c>--- pgp FP</c> / unchanged keys indented.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var g in Groups)
        {
            yield return $"Group {g.Index + 1}";
            foreach (var k in g.Kept) yield return $"    {k}";
            foreach (var k in g.Added) yield return $"+++ {k}";
            foreach (var k in g.Removed) yield return $"--- {k}";
        }
        if (OldThreshold != NewThreshold)
        {
            yield return $"shamir_threshold: {OldThreshold} -> {NewThreshold}";
        }
    }
}
