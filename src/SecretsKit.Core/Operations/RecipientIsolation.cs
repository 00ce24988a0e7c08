namespace SecretsKit.Core.Operations;

/// <summary>
/// Environment isolation over the recipient check's results: a recipient that the rules of two environments both list
/// (<see cref="RecipientFinding.Shared"/>) lets one environment's key read the other's secrets, unless every rule that lists
/// it marks it shared (<c>scan.shared_recipients</c>: a break-glass key). An environment's recipients are those of the
/// rules matching the secrets files it reads.
/// </summary>
public static class RecipientIsolation
{
    /// <summary>
    /// One finding per recipient and pair of environments. With <paramref name="target"/>, only the pairs that include it
    /// (named at the target's file); otherwise every pair once, named at the earlier environment's file.
    /// </summary>
    public static IReadOnlyList<RecipientFinding> Compare(IReadOnlyList<(string Environment, IReadOnlyList<FileRecipients> Files)> environments,
        string? target = null)
    {
        var findings = new List<RecipientFinding>();
        for (var i = 0; i < environments.Count; i++)
        {
            for (var j = 0; j < environments.Count; j++)
            {
                if (i == j || environments[i].Environment == environments[j].Environment) continue;
                var pair = target is null ? i < j : environments[i].Environment == target;
                if (pair) findings.AddRange(Between(environments[i], environments[j]));
            }
        }
        return findings;
    }

    private static IEnumerable<RecipientFinding> Between((string Environment, IReadOnlyList<FileRecipients> Files) a,
        (string Environment, IReadOnlyList<FileRecipients> Files) b)
    {
        var inA = a.Files.Where(f => f.Rule is not null).SelectMany(f => f.RuleRecipients).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var recipient in inA)
        {
            var rulesA = Listing(a.Files, recipient);
            var rulesB = Listing(b.Files, recipient);
            if (rulesB.Count == 0 || rulesA.Concat(rulesB).All(f => f.IsShared(recipient))) continue;
            var (fileA, fileB) = (rulesA[0], rulesB[0]);
            yield return new RecipientFinding(RecipientFinding.Shared, fileA.Path, recipient,
                $"{recipient} is in {fileA.RuleName} (read by {a.Environment}: {fileA.Path}) and in {fileB.RuleName} (read by {b.Environment}: {fileB.Path}): "
                + $"a {b.Environment} key can read {a.Environment}'s secrets; give each environment its own key, or mark a break-glass key shared in both rules (scan: {{shared_recipients: [...]}})");
        }
    }

    /// <summary>The files of one environment whose rule lists <paramref name="recipient"/>.</summary>
    private static List<FileRecipients> Listing(IReadOnlyList<FileRecipients> files, string recipient) =>
        files.Where(f => f.Rule is not null && f.RuleRecipients.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();
}
