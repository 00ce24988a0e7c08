using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Compares the recipients of a SOPS file (read from its <c>sops</c> metadata: no private key, no decryption) with the
/// creation rule its <c>.sops.yaml</c> gives its path (found as <c>encrypt</c> finds it), group by group:
/// <see cref="RecipientFinding.Outside"/> for a recipient the rule does not list, <see cref="RecipientFinding.Missing"/>
/// for one the file lacks. Keys are named and compared through the key sources, as <c>updatekeys</c> compares them.
/// </summary>
public sealed class RecipientChecker(KeySourceRegistry registry, IEnvironment environment)
{
    /// <summary>Largest file read: a secrets file is far smaller; a bigger file is not looked at.</summary>
    public const long MaxFileBytes = 64L << 20;

    private readonly Dictionary<string, SopsConfig> _configs = new(StringComparer.Ordinal);

    /// <summary>
    /// The recipients of the file at <paramref name="path"/> (relative to the working directory, or absolute) and of its
    /// rule, with the findings; null when it is not a readable SOPS file, or no <c>.sops.yaml</c> with <c>creation_rules</c>
    /// governs it.
    /// </summary>
    public FileRecipients? Check(string path, string? explicitConfig = null)
    {
        var full = System.IO.Path.GetFullPath(path, environment.CurrentDirectory);
        var shown = Shown(full);
        if (ReadMetadata(full, shown) is not { } metadata) return null;
        var location = new ConfigLocator(environment).Locate(explicitConfig, full);
        if (location.Path is null) return null;
        var config = Config(location.Path);
        if (config.CreationRules is null) return null;
        var configShown = Shown(location.Path);
        var fileKeys = metadata.KeyGroups.SelectMany(g => g.Select(e => MasterKeys.Identify(registry, e))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (config.FindCreationRule(full, environment.CurrentDirectory) is not { } match)
        {
            var unmatched = fileKeys.Select(k => new RecipientFinding(RecipientFinding.Outside, shown, k,
                $"{k} can decrypt this file, but no creation rule of {configShown} matches its path: add a rule for it (with this file's environment's keys)")).ToList();
            return new FileRecipients(shown, full, null, $"no rule of {configShown}", [], [], unmatched);
        }
        var rule = match.Rule;
        var ruleName = RuleName(rule, configShown);
        var ruleGroups = KeySpecResolver.Resolve(registry, rule.KeyGroups, new KeyParseOptions(null, rule.AwsProfile));
        var diff = KeyGroupDiff.Compute(registry, metadata.KeyGroups, ruleGroups, 0, 0);
        var findings = new List<RecipientFinding>();
        foreach (var removed in diff.Groups.SelectMany(g => g.Removed).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            findings.Add(new RecipientFinding(RecipientFinding.Outside, shown, removed,
                $"{removed} can decrypt this file, but {ruleName} does not list it: run secretskit updatekeys {shown}, then secretskit rotate -i {shown} (the key could read the current data key)"));
        }
        foreach (var added in diff.Groups.SelectMany(g => g.Added).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            findings.Add(new RecipientFinding(RecipientFinding.Missing, shown, added,
                $"{ruleName} lists {added}, but the file is not encrypted to it: run secretskit updatekeys {shown}"));
        }
        var ruleKeys = ruleGroups.SelectMany(g => g.Select(MasterKeys.Describe)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new FileRecipients(shown, full, match, ruleName, ruleKeys, rule.SharedRecipients, findings);
    }

    /// <summary><c>creation_rules[2] (path_regex 'secrets/prod/') of .sops.yaml</c>.</summary>
    private static string RuleName(CreationRule rule, string configShown) =>
        rule.PathRegex is null ? $"{rule.Location} of {configShown}" : $"{rule.Location} (path_regex '{Echo.Bounded(rule.PathRegex)}') of {configShown}";

    /// <summary>The file's <c>sops</c> metadata, or null when it is not a SOPS file that can be read.</summary>
    private static SopsMetadata? ReadMetadata(string full, string shown)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(full) || new FileInfo(full).Length > MaxFileBytes) return null;
            bytes = BoundedInput.ReadFile(full, shown, MaxFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecretsKitException)
        {
            return null;
        }
        if (bytes.AsSpan().IndexOf("sops"u8) < 0) return null;
        try
        {
            var document = SecretFileReader.Parse(bytes, shown, FormatRegistry.Create(FormatRegistry.NameForPath(full)));
            return MetadataReader.Read(document.Metadata, shown);
        }
        catch (SecretsKitException)
        {
            return null; // not a SOPS file (or its metadata is unreadable: decrypt and scan report that)
        }
    }

    private SopsConfig Config(string path)
    {
        if (!_configs.TryGetValue(path, out var config)) _configs[path] = config = SopsConfigParser.Load(path);
        return config;
    }

    private string Shown(string full) => System.IO.Path.GetRelativePath(environment.CurrentDirectory, full).Replace('\\', '/');
}
