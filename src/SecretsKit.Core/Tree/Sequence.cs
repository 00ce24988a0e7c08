namespace SecretsKit.Core.Tree;

/// <summary>An ordered list; elements may be comments.</summary>
public sealed record Sequence(IReadOnlyList<TreeNode> Items) : TreeNode
{
    public bool Equals(Sequence? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;
}
