using SecretsKit.Core.Keys;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Metadata;

/// <summary>Writes <see cref="SopsMetadata"/> as the sops 3.13 <c>sops</c> branch: every map's keys sorted bytewise (spec §5.2).</summary>
public static class MetadataWriter
{
    public static TreeBranch Write(SopsMetadata metadata)
    {
        var items = new List<TreeItem>();
        if (metadata.KeyGroups.Count == 1)
        {
            foreach (var (type, entries) in ByType(metadata.KeyGroups[0]))
            {
                items.Add(new TreeItem(type, new Sequence(entries)));
            }
        }
        else
        {
            var groups = metadata.KeyGroups.Select(g =>
            {
                var lists = ByType(g).ToDictionary(p => p.Type, p => p.Entries, StringComparer.Ordinal);
                // sops' keygroup struct has no omitempty on some kinds (age, hc_vault): an empty slot is written as [].
                foreach (var kind in KeyKinds.All.Where(k => k.WrittenWhenEmptyInGroups))
                {
                    lists.TryAdd(kind.MetadataKey, new List<TreeNode>());
                }
                return (TreeNode)new TreeBranch(lists.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => new TreeItem(p.Key, new Sequence(p.Value))).ToList());
            }).ToList();
            items.Add(new TreeItem("key_groups", new Sequence(groups)));
        }

        var rules = metadata.Rules;
        Add(items, "encrypted_comment_regex", rules.EncryptedCommentRegex);
        Add(items, "encrypted_regex", rules.EncryptedRegex);
        Add(items, "encrypted_suffix", rules.EncryptedSuffix);
        items.Add(new TreeItem("lastmodified", new StringValue(metadata.LastModified)));
        items.Add(new TreeItem("mac", new StringValue(metadata.Mac)));
        if (metadata.MacOnlyEncrypted) items.Add(new TreeItem("mac_only_encrypted", new BoolValue(true)));
        if (metadata.ShamirThreshold != 0) items.Add(new TreeItem("shamir_threshold", new IntValue(metadata.ShamirThreshold)));
        Add(items, "unencrypted_comment_regex", rules.UnencryptedCommentRegex);
        Add(items, "unencrypted_regex", rules.UnencryptedRegex);
        Add(items, "unencrypted_suffix", rules.UnencryptedSuffix);
        items.Add(new TreeItem("version", new StringValue(metadata.Version)));
        return new TreeBranch(items.OrderBy(i => i.Key, StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<(string Type, List<TreeNode> Entries)> ByType(IReadOnlyList<MasterKeyEntry> group) =>
        group.GroupBy(e => e.KeyType, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(Entry).ToList()));

    private static TreeNode Entry(MasterKeyEntry entry)
    {
        var items = entry.Fields.Select(f => new TreeItem(f.Key, new StringValue(f.Value))).ToList();
        if (entry.Context is { Count: > 0 } ctx)
        {
            items.Add(new TreeItem("context", new TreeBranch(ctx.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new TreeItem(c.Key, new StringValue(c.Value))).ToList())));
        }
        return new TreeBranch(items.OrderBy(i => i.Key, StringComparer.Ordinal).ToList());
    }

    private static void Add(List<TreeItem> items, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) items.Add(new TreeItem(key, new StringValue(value)));
    }
}
