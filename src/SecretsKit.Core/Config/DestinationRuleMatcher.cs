using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Config;

/// <summary>Picks <c>publish</c>'s destination rule as sops does: the first one whose <c>path_regex</c> is empty or matches the path as given.</summary>
internal static class DestinationRuleMatcher
{
    public static DestinationRule Match(SopsConfig config, string filePath)
    {
        foreach (var rule in config.DestinationRules)
        {
            if (rule.PathRegex is null || Compile(config, rule).IsMatch(filePath)) return rule;
        }
        throw new SecretsKitException(ExitCodes.Generic, $"error loading config: no matching destination found in {config.Path} for {filePath}",
            config.DestinationRules.Count == 0
                ? "add destination_rules (s3_bucket, gcs_bucket or vault_path) to .sops.yaml"
                : "path_regex of each destination rule, in order: " + string.Join(", ", config.DestinationRules.Select(r => $"'{r.PathRegex}'")));
    }

    private static Regex Compile(SopsConfig config, DestinationRule rule)
    {
        try
        {
            return new Regex(CreationRuleMatcher.FromRe2(rule.PathRegex!), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{config.Path}: destination_rules[{rule.Index}] has a path_regex that cannot be compiled ('{rule.PathRegex}'): {e.Message}",
                "path_regex uses RE2 syntax (no look-around or back-references)", e);
        }
    }
}
