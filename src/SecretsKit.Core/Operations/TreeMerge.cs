using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Three-way merge of plaintext trees, key by key. Mappings merge per key: a key added, removed or changed on one
/// side only takes that side; the same change on both sides is taken once; different changes to one key conflict at
/// its path. Sequences and scalars compare as whole values. The result keeps CURRENT's order and comments; keys
/// OTHER added are appended with the comment lines just before them in OTHER.
/// </summary>
public static class TreeMerge
{
    public static TreeMergeResult Merge(SopsTree @base, SopsTree current, SopsTree other)
    {
        var conflicts = new List<string>();
        if (current.Branches.Count != other.Branches.Count)
        {
            if (current.Equals(@base)) return new(other, conflicts);
            if (other.Equals(@base)) return new(current, conflicts);
            return new(null, [":"]);
        }
        var branches = new List<TreeBranch>();
        for (var i = 0; i < current.Branches.Count; i++)
        {
            var b = i < @base.Branches.Count ? @base.Branches[i] : TreeBranch.Empty;
            branches.Add(MergeBranch(b, current.Branches[i], other.Branches[i], [], conflicts));
        }
        return conflicts.Count == 0 ? new(new SopsTree(branches), conflicts) : new(null, conflicts);
    }

    private static TreeBranch MergeBranch(TreeBranch @base, TreeBranch current, TreeBranch other, List<string> path, List<string> conflicts)
    {
        if (current.Equals(other) || other.Equals(@base)) return current;
        if (current.Equals(@base)) return other;

        var items = new List<TreeItem>();
        var pendingComments = new List<TreeItem>();
        foreach (var item in current.Items)
        {
            if (item.IsComment)
            {
                pendingComments.Add(item);
                continue;
            }
            var key = item.Key!;
            var merged = MergeValue(@base.Get(key), item.Value, other.Get(key), Child(path, key), conflicts);
            if (merged is not null)
            {
                items.AddRange(pendingComments);
                items.Add(item with { Value = merged });
            }
            pendingComments.Clear();
        }
        items.AddRange(pendingComments);

        var otherComments = new List<TreeItem>();
        foreach (var item in other.Items)
        {
            if (item.IsComment)
            {
                otherComments.Add(item);
                continue;
            }
            var key = item.Key!;
            if (current.Get(key) is null)
            {
                var merged = MergeValue(@base.Get(key), null, item.Value, Child(path, key), conflicts);
                if (merged is not null)
                {
                    items.AddRange(otherComments);
                    items.Add(item with { Value = merged });
                }
            }
            otherComments.Clear();
        }
        return new TreeBranch(items);
    }

    /// <returns>The merged value, or null when the key is absent in the result (or conflicts).</returns>
    private static TreeNode? MergeValue(TreeNode? @base, TreeNode? current, TreeNode? other, List<string> path, List<string> conflicts)
    {
        if (Equals(current, other)) return current;
        if (Equals(@base, current)) return other;
        if (Equals(@base, other)) return current;
        if (current is TreeBranch c && other is TreeBranch o)
        {
            return MergeBranch(@base as TreeBranch ?? TreeBranch.Empty, c, o, path, conflicts);
        }
        conflicts.Add(PathString(path));
        return null;
    }

    private static List<string> Child(List<string> path, string key) => [.. path, key];

    private static string PathString(List<string> path)
    {
        var sb = new StringBuilder();
        foreach (var p in path) sb.Append(p).Append(':');
        return sb.Length == 0 ? ":" : sb.ToString();
    }
}
