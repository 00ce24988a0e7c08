namespace SecretsKit.Cel.Values;

/// <summary>A CEL list value (immutable). <see cref="Kind"/> carries Kubernetes' list-type semantics for equality
/// and concatenation.</summary>
public sealed class CelList(IReadOnlyList<object?> items, CelListKind kind = CelListKind.Ordered)
{
    public static readonly CelList Empty = new([]);

    public IReadOnlyList<object?> Items { get; } = items;

    public CelListKind Kind { get; } = kind;

    /// <summary>For <see cref="CelListKind.Map"/> lists: the item fields that identify an item
    /// (<c>x-kubernetes-list-map-keys</c>).</summary>
    public IReadOnlyList<string> MapKeys { get; init; } = [];

    public int Count => Items.Count;

    public object? this[int index] => Items[index];
}
