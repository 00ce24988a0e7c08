namespace SecretsKit.Core.Config;

/// <summary>The creation rule chosen for a file, with what was matched, so <c>--verbose</c> can explain it.</summary>
public sealed record CreationRuleMatch(CreationRule Rule, string ConfigPath, string MatchedPath)
{
    public string Describe() =>
        Rule.PathRegex is null
            ? $"{ConfigPath}: {Rule.Location} (no path_regex, matches every file) for '{MatchedPath}'"
            : $"{ConfigPath}: {Rule.Location} (path_regex '{Errors.Echo.Bounded(Rule.PathRegex)}') matched '{MatchedPath}'";
}
