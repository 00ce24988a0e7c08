using SecretsKit.Core.Config;

namespace SecretsKit.Core.Operations;

/// <summary>
/// What <see cref="RecipientChecker"/> found for one SOPS file: its path as shown and in full, the creation rule its path
/// matched (null when none did), that rule named for messages, the rule's recipients (<c>age age1…</c>), the recipients it
/// marks shared (<c>scan.shared_recipients</c>) and the findings about the file itself.
/// </summary>
public sealed record FileRecipients(
    string Path,
    string FullPath,
    CreationRuleMatch? Rule,
    string RuleName,
    IReadOnlyList<string> RuleRecipients,
    IReadOnlyList<string> SharedRecipients,
    IReadOnlyList<RecipientFinding> Findings)
{
    /// <summary>
    /// Whether the rule marks <paramref name="recipient"/> (<c>type identifier</c>) shared: an entry of
    /// <c>scan.shared_recipients</c> names it with or without its type (<c>arn:aws:kms:…</c> or <c>kms arn:aws:kms:…</c>).
    /// </summary>
    public bool IsShared(string recipient)
    {
        var space = recipient.IndexOf(' ', StringComparison.Ordinal);
        var identifier = space < 0 ? recipient : recipient[(space + 1)..];
        return SharedRecipients.Any(s => string.Equals(s.Trim(), identifier, StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Trim(), recipient, StringComparison.OrdinalIgnoreCase));
    }
}
