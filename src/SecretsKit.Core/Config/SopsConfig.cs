namespace SecretsKit.Core.Config;

/// <summary>
/// A parsed <c>.sops.yaml</c>. <see cref="CreationRules"/> is null when the file has no <c>creation_rules</c>
/// (sops then behaves as if there were no config for encryption); an empty list means "no rule can match".
/// </summary>
public sealed record SopsConfig(
    string Path,
    IReadOnlyList<CreationRule>? CreationRules,
    IReadOnlyList<DestinationRule> DestinationRules,
    StoresConfig Stores)
{
    /// <summary>
    /// The first creation rule whose <c>path_regex</c> matches <paramref name="targetFile"/> (relative to this
    /// file's directory), or null when there are no <c>creation_rules</c>. Throws (exit 1) when none matches or the
    /// matched rule sets more than one crypt rule.
    /// </summary>
    public CreationRuleMatch? MatchCreationRule(string targetFile, string workingDirectory) =>
        CreationRuleMatcher.Match(this, targetFile, workingDirectory);

    /// <summary>The creation rule that matches <paramref name="targetFile"/>, or null when none does (no error for that).</summary>
    public CreationRuleMatch? FindCreationRule(string targetFile, string workingDirectory) =>
        CreationRuleMatcher.Find(this, targetFile, workingDirectory);

    /// <summary>
    /// The first destination rule without <c>path_regex</c> or whose <c>path_regex</c> matches <paramref name="filePath"/> as
    /// given (sops's <c>publish</c> does not make it relative to the config); throws (exit 1) when none matches.
    /// </summary>
    public DestinationRule MatchDestinationRule(string filePath) => DestinationRuleMatcher.Match(this, filePath);
}
