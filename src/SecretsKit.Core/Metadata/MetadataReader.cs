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
        var keyGroups = MetadataFields.Mappings(sops, "key_groups", fileName);
        if (topLevel.Count > 0)
        {
            groups.Add(topLevel);
        }
        else
        {
            foreach (var g in keyGroups) groups.Add(ReadGroup(g, fileName));
        }
        if (groups.Count == 0 || groups.All(g => g.Count == 0))
        {
            throw Invalid(fileName, "no master keys found in the sops metadata");
        }

        // sops parses lastmodified and takes its RFC 3339 re-formatting as the MAC's additional data: "+00:00" reads as
        // "Z" and fractional seconds are dropped, so a file a YAML or JSON tool wrote back in another form still verifies.
        var lastModified = MetadataFields.String(sops, "lastmodified", fileName);
        if (lastModified is null || !Rfc3339.TryParse(lastModified, out var lastModifiedTime))
        {
            throw Invalid(fileName, $"'lastmodified' is missing or not an RFC 3339 time");
        }

        var rules = new CryptRules(
            MetadataFields.String(sops, "unencrypted_suffix", fileName),
            MetadataFields.String(sops, "encrypted_suffix", fileName),
            MetadataFields.String(sops, "unencrypted_regex", fileName),
            MetadataFields.String(sops, "encrypted_regex", fileName),
            MetadataFields.String(sops, "unencrypted_comment_regex", fileName),
            MetadataFields.String(sops, "encrypted_comment_regex", fileName));
        if (rules.CountSet() > 1)
        {
            throw Invalid(fileName, "more than one of unencrypted_suffix, encrypted_suffix, unencrypted_regex, encrypted_regex, unencrypted_comment_regex, encrypted_comment_regex is set");
        }

        return new SopsMetadata
        {
            KeyGroups = groups,
            ShamirThreshold = MetadataFields.Int(sops, "shamir_threshold", fileName),
            LastModified = Rfc3339.Format(lastModifiedTime),
            Mac = MetadataFields.String(sops, "mac", fileName) ?? "",
            Rules = rules.OrDefault(),
            MacOnlyEncrypted = MetadataFields.Bool(sops, "mac_only_encrypted", fileName),
            Version = MetadataFields.String(sops, "version", fileName) ?? "",
        };
    }

    private static List<MasterKeyEntry> ReadGroup(TreeBranch group, string fileName)
    {
        var entries = new List<MasterKeyEntry>();
        foreach (var listName in KeyKinds.InMetadataOrder.Select(k => k.MetadataKey))
        {
            foreach (var entry in MetadataFields.Mappings(group, listName, fileName))
            {
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
            if (item.Value is TreeBranch or Sequence)
            {
                throw Invalid(fileName, $"'{Echo.Bounded(item.Key)}' of a {keyType} key must be a string, not a list or mapping");
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

    private static MalformedFileException Invalid(string fileName, string what) => MetadataFields.Invalid(fileName, what);
}
