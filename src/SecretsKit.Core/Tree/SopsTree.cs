namespace SecretsKit.Core.Tree;

/// <summary>A whole document stream: one branch per YAML document, exactly one for every other format.</summary>
public sealed record SopsTree(IReadOnlyList<TreeBranch> Branches)
{
    public bool Equals(SopsTree? other) => other is not null && Branches.SequenceEqual(other.Branches);

    public override int GetHashCode() => Branches.Count;
}
