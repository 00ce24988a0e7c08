using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Rules;

/// <summary>
/// Decides keys and rules for a new encryption: keys from flags (or their environment variables) replace the config's
/// keys; otherwise the first matching creation rule of the nearest <c>.sops.yaml</c> supplies them. Crypt-rule flags
/// override the rule's. Unlike sops, explicit keys work even when no rule matches.
/// </summary>
internal static class EncryptionPlanner
{
    public static EncryptionSettings Plan(CliContext context, ParseResult r, KeyFlags keyFlags, CryptRuleFlags ruleFlags, string? targetFile)
    {
        var (groups, threshold, rule) = PlanGroups(context, r, keyFlags, targetFile);
        return new EncryptionSettings(
            groups,
            threshold,
            ruleFlags.Read(r) ?? rule?.CryptRules,
            r.GetValue(ruleFlags.MacOnlyEncrypted) || (rule?.MacOnlyEncrypted ?? false));
    }

    /// <summary>
    /// Only the keys (and Shamir threshold) for <paramref name="targetFile"/>, as <see cref="Plan"/> picks them: for a caller
    /// that decides the crypt rules itself (the release pipeline's sealed Secrets).
    /// </summary>
    public static EncryptionSettings PlanKeys(CliContext context, ParseResult r, KeyFlags keyFlags, string targetFile)
    {
        var (groups, threshold, _) = PlanGroups(context, r, keyFlags, targetFile);
        return new EncryptionSettings(groups, threshold);
    }

    private static (IReadOnlyList<IReadOnlyList<IMasterKey>> Groups, int Threshold, CreationRule? Rule) PlanGroups(CliContext context, ParseResult r, KeyFlags keyFlags,
        string? targetFile)
    {
        var explicitKeys = keyFlags.Read(r, context);
        var threshold = r.GetValue(keyFlags.ShamirThreshold);
        var match = FindRule(context, r, targetFile, required: explicitKeys.Count == 0, r.GetValue(GlobalFlags.Verbose));
        var rule = match?.Rule;
        IReadOnlyList<IReadOnlyList<IMasterKey>> groups;
        if (explicitKeys.Count > 0)
        {
            groups = new[] { explicitKeys };
        }
        else if (rule is not null && rule.HasKeys)
        {
            var options = new KeyParseOptions(KeyFlags.ParseContext(r.GetValue(keyFlags.EncryptionContext)), rule.AwsProfile);
            groups = KeySpecResolver.Resolve(context.Registry, rule.KeyGroups, options);
        }
        else
        {
            throw match is null
                ? new SecretsKitException(ExitCodes.Generic,
                    "config file not found, or has no creation rules, and no keys provided through command line options",
                    $"pass {context.Registry.FlagList()}, set SOPS_AGE_RECIPIENTS, or add a .sops.yaml creation rule")
                : new EmptyKeyGroupException($"the matching rule {match.Describe()} has no keys");
        }
        return (groups, threshold != 0 ? threshold : rule?.ShamirThreshold ?? 0, rule);
    }

    /// <summary>
    /// The keys, crypt rules and threshold of the creation rule that matches <paramref name="targetFile"/>, and nothing
    /// else (no key flags or variables): <c>clone</c> encrypts for the target's environment only.
    /// </summary>
    public static EncryptionSettings FromRule(CliContext context, ParseResult r, string targetFile)
    {
        var match = FindRule(context, r, targetFile, required: true, r.GetValue(GlobalFlags.Verbose))
            ?? throw new SecretsKitException(ExitCodes.Generic, $"no .sops.yaml with creation_rules governs {targetFile}",
                "the target is encrypted under its creation rule: add a rule for its path");
        if (!match.Rule.HasKeys) throw new EmptyKeyGroupException($"the matching rule {match.Describe()} has no keys");
        var rule = match.Rule;
        var groups = KeySpecResolver.Resolve(context.Registry, rule.KeyGroups, new KeyParseOptions(null, rule.AwsProfile));
        return new EncryptionSettings(groups, rule.ShamirThreshold, rule.CryptRules, rule.MacOnlyEncrypted);
    }

    private static CreationRuleMatch? FindRule(CliContext context, ParseResult r, string? targetFile, bool required, bool verbose)
    {
        var location = new ConfigLocator(context.Environment).Locate(r.GetValue(GlobalFlags.Config), targetFile);
        if (location.Warning is not null) context.Info(location.Warning);
        if (verbose) context.Info(location.Describe());
        if (!location.Found) return null;
        var config = ConfigCache.Load(location.Path!);
        if (config.CreationRules is null) return null;
        var file = targetFile ?? Path.Combine(context.Environment.CurrentDirectory, "stdin");
        try
        {
            var match = config.MatchCreationRule(file, context.Environment.CurrentDirectory);
            if (verbose && match is not null) context.Info("creation rule: " + match.Describe());
            return match;
        }
        catch (SecretsKitException) when (!required)
        {
            if (verbose) context.Info("no creation rule matched; using the keys given on the command line");
            return null;
        }
    }
}
