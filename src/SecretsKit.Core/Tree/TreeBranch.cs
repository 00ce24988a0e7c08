namespace SecretsKit.Core.Tree;

/// <summary>An ordered mapping. Comment items (<see cref="TreeItem.IsComment"/>) keep their position among keys.</summary>
public sealed record TreeBranch(IReadOnlyList<TreeItem> Items) : TreeNode
{
    public static TreeBranch Empty { get; } = new(Array.Empty<TreeItem>());

    /// <summary>The value of the first non-comment item with this key, or null.</summary>
    public TreeNode? Get(string key)
    {
        foreach (var item in Items)
        {
            if (!item.IsComment && item.Key == key) return item.Value;
        }
        return null;
    }

    public bool Equals(TreeBranch? other) =>
        other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;
}
