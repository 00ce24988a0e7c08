namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>A node of a values tree: a map (merged key by key), a list (replaced whole), a leaf string, or null (deletes the key, as helm does).</summary>
internal abstract record ValueNode
{
    public static readonly ValueNode Null = new NullNode();

    private ValueNode()
    {
    }

    public sealed record Map(Dictionary<string, ValueNode?> Children) : ValueNode;

    public sealed record List(IReadOnlyList<ValueNode?> Items) : ValueNode;

    /// <summary>A scalar: its text, and whether it is a boolean or number rather than a string.</summary>
    public sealed record Leaf(string Text, bool NonString) : ValueNode;

    private sealed record NullNode : ValueNode;
}
