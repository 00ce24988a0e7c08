using System.Globalization;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Metadata;

/// <summary>
/// Reads the <c>sops</c> branch of every historic layout (struct or sorted order, <c>null</c>/<c>[]</c> lists,
/// flattened string values from INI/dotenv) into <see cref="SopsMetadata"/> (spec §5).
/// </summary>
public static class MetadataReader
{

    public static SopsMetadata Read(TreeBranch sops, string fileName)
    {
        var topLevel = ReadGroup(sops, fileName);
        var groups = new List<IReadOnlyList<MasterKeyEntry>>();
        if (topLevel.Count > 0)
        {
            groups.Add(topLevel);
        }
        else if (sops.Get("key_groups") is Sequence kg)
        {
            foreach (var g in kg.Items)
            {
                if (g is TreeBranch gb) groups.Add(ReadGroup(gb, fileName));
            }
        }
        if (groups.Count == 0 || groups.All(g => g.Count == 0))
        {
            throw Invalid(fileName, "no master keys found in the sops metadata");
        }

        var lastModified = Scalar(sops.Get("lastmodified"));
        if (lastModified is null || !Rfc3339.TryParse(lastModified, out _))
        {
            throw Invalid(fileName, $"'lastmodified' is missing or not an RFC 3339 time");
        }

        var rules = new CryptRules(
            Scalar(sops.Get("unencrypted_suffix")),
            Scalar(sops.Get("encrypted_suffix")),
            Scalar(sops.Get("unencrypted_regex")),
            Scalar(sops.Get("encrypted_regex")),
            Scalar(sops.Get("unencrypted_comment_regex")),
            Scalar(sops.Get("encrypted_comment_regex")));
        if (rules.CountSet() > 1)
        {
            throw Invalid(fileName, "more than one of unencrypted_suffix, encrypted_suffix, unencrypted_regex, encrypted_regex, unencrypted_comment_regex, encrypted_comment_regex is set");
        }

        var thresholdText = Scalar(sops.Get("shamir_threshold"));
        var threshold = 0;
        if (!string.IsNullOrEmpty(thresholdText) && !int.TryParse(thresholdText, NumberStyles.Integer, CultureInfo.InvariantCulture, out threshold))
        {
            throw Invalid(fileName, "'shamir_threshold' is not an integer");
        }

        var macOnly = Scalar(sops.Get("mac_only_encrypted"));
        return new SopsMetadata
        {
            KeyGroups = groups,
            ShamirThreshold = threshold,
            LastModified = lastModified,
            Mac = Scalar(sops.Get("mac")) ?? "",
            Rules = rules.OrDefault(),
            MacOnlyEncrypted = macOnly is not null && ParseBool(macOnly),
            Version = Scalar(sops.Get("version")) ?? "",
        };
    }

    private static List<MasterKeyEntry> ReadGroup(TreeBranch group, string fileName)
    {
        var entries = new List<MasterKeyEntry>();
        foreach (var listName in KeyKinds.InMetadataOrder.Select(k => k.MetadataKey))
        {
            if (group.Get(listName) is not Sequence seq) continue;
            foreach (var item in seq.Items)
            {
                if (item is not TreeBranch entry) continue;
                entries.Add(ReadEntry(listName, entry, fileName));
            }
        }
        return entries;
    }

    private static MasterKeyEntry ReadEntry(string keyType, TreeBranch entry, string fileName)
    {
        // SortedList, not SortedDictionary: sorted like sops 3.13 writes them, and with only reference-type arguments its code is
        // already precompiled in the framework (SortedDictionary runs on SortedSet<KeyValuePair<,>>, which a cold start JIT-compiles).
        var fields = new SortedList<string, string>(StringComparer.Ordinal);
        Dictionary<string, string>? context = null;
        foreach (var item in entry.Items)
        {
            if (item.IsComment) continue;
            if (item.Key == "context" && item.Value is TreeBranch ctx)
            {
                context = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var c in ctx.Items)
                {
                    if (!c.IsComment) context[c.Key!] = Scalar(c.Value) ?? "";
                }
                continue;
            }
            var value = Scalar(item.Value);
            if (value is not null) fields[item.Key!] = value;
        }
        if (fields.TryGetValue("created_at", out var created) && created.Length > 0 && !Rfc3339.TryParse(created, out _))
        {
            throw Invalid(fileName, $"'created_at' of a {keyType} key is not an RFC 3339 time");
        }
        return new MasterKeyEntry(keyType, fields, context is { Count: > 0 } ? context : null);
    }

    /// <summary>A scalar as the string sops' weakly typed decoder would see; null for null/absent/non-scalars.</summary>
    public static string? Scalar(TreeNode? node) => node switch
    {
        StringValue s => s.Value,
        IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        BoolValue b => b.Value ? "true" : "false",
        FloatValue f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        TimeValue t => Rfc3339.Format(t.Value),
        BytesValue b => System.Text.Encoding.UTF8.GetString(b.Value),
        _ => null,
    };

    private static bool ParseBool(string s) => s is "1" or "t" or "T" or "true" or "TRUE" or "True";

    private static MalformedFileException Invalid(string fileName, string what) =>
        new(ExitCodes.Generic, $"{fileName}: invalid sops metadata: {what}");
}
