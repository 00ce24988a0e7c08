using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Config;

/// <summary>
/// Picks the first creation rule whose <c>path_regex</c> (RE2 syntax, unanchored) matches the target's path
/// relative to the config file's directory; a file outside that directory is matched by its absolute path.
/// </summary>
internal static class CreationRuleMatcher
{
    private const string CryptRuleNames =
        "encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, unencrypted_comment_regex";

    public static CreationRuleMatch? Match(SopsConfig config, string targetFile, string workingDirectory)
    {
        if (config.CreationRules is null) return null;
        if (Find(config, targetFile, workingDirectory) is { } found) return found;

        var configPath = Path.GetFullPath(config.Path, workingDirectory);
        var relative = RelativeToConfig(configPath, Path.GetFullPath(targetFile, workingDirectory));
        var regexes = config.CreationRules.Count == 0
            ? "the file has an empty creation_rules list"
            : "path_regex of each rule, in order: " + Echo.List(config.CreationRules.Select(r => $"'{Echo.Bounded(r.PathRegex)}'"));
        throw new SecretsKitException(ExitCodes.Generic,
            $"no matching creation rules found in {configPath} for {relative}",
            $"{regexes}; paths are matched relative to {Path.GetDirectoryName(configPath)}. "
            + "Add a rule for this file, or a last rule without path_regex as a catch-all.");
    }

    /// <summary>The first rule that matches, or null when none does (or there are no creation rules); a broken rule still throws.</summary>
    public static CreationRuleMatch? Find(SopsConfig config, string targetFile, string workingDirectory)
    {
        if (config.CreationRules is null) return null;
        var configPath = Path.GetFullPath(config.Path, workingDirectory);
        var relative = RelativeToConfig(configPath, Path.GetFullPath(targetFile, workingDirectory));
        foreach (var rule in config.CreationRules)
        {
            if (rule.PathRegex is null || PathRegex.IsMatch(rule.PathRegex, relative, $"{configPath}: {rule.Location}"))
            {
                EnsureSingleCryptRule(rule, configPath);
                return new CreationRuleMatch(rule, configPath, relative);
            }
        }
        return null;
    }

    /// <summary>The path sops matches: relative to the config's directory when inside it, else absolute.</summary>
    internal static string RelativeToConfig(string configPath, string absoluteTarget)
    {
        var dir = Path.GetDirectoryName(configPath) ?? "";
        var prefix = dir.EndsWith(Path.DirectorySeparatorChar) ? dir : dir + Path.DirectorySeparatorChar;
        return absoluteTarget.StartsWith(prefix, StringComparison.Ordinal) ? absoluteTarget[prefix.Length..] : absoluteTarget;
    }

    private static void EnsureSingleCryptRule(CreationRule rule, string configPath)
    {
        if (rule.CryptRules.CountSet() > 1)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{configPath}: {rule.Location} sets more than one of {CryptRuleNames}",
                "keep exactly one of them in the rule");
        }
    }
}
