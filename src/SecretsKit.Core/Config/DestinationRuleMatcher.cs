using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Config;

/// <summary>Picks <c>publish</c>'s destination rule as sops does: the first one whose <c>path_regex</c> is empty or matches the path as given.</summary>
internal static class DestinationRuleMatcher
{
    public static DestinationRule Match(SopsConfig config, string filePath)
    {
        foreach (var rule in config.DestinationRules)
        {
            var where = $"{config.Path}: destination_rules[{rule.Index}]";
            if (rule.PathRegex is null || PathRegex.IsMatch(rule.PathRegex, filePath, where)) return rule;
        }
        throw new SecretsKitException(ExitCodes.Generic, $"error loading config: no matching destination found in {config.Path} for {filePath}",
            config.DestinationRules.Count == 0
                ? "add destination_rules (s3_bucket, gcs_bucket or vault_path) to .sops.yaml"
                : "path_regex of each destination rule, in order: " + Echo.List(config.DestinationRules.Select(r => $"'{Echo.Bounded(r.PathRegex)}'")));
    }
}
