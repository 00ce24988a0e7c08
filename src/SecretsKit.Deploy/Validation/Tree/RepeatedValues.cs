namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// The large block values the light parser has read (<see cref="LightYaml"/>'s repeats), kept for the documents of one
/// rendering: a value whose bytes repeat one of them, under the same key at the same column, is that value's node, in
/// the same document or in another. The parse workers share one: a value read is added at once, and a value, once added,
/// never changes (the trees are read-only after their parse). Values are kept by key, column and the hash of their first
/// bytes; the four most recent of each are compared.
/// </summary>
internal sealed class RepeatedValues
{
    /// <summary>Smaller values are parsed again: a comparison would save little.</summary>
    public const int MinLength = 512;

    /// <summary>Earlier values compared under one key, column and head: the most recent.</summary>
    public const int Compared = 4;

    /// <summary>The bytes at a value's start that pick its slot.</summary>
    private const int HeadLength = 64;

    /// <summary>Each slot's values, most recent first; taken under <see cref="_gate"/>, a list never changes once kept.</summary>
    private readonly Dictionary<(string Key, int Indent, int Head), Kept> _values = new(256);
    private readonly Lock _gate = new();

    /// <summary>The slot of a value of <paramref name="key"/> at column <paramref name="indent"/> whose bytes start
    /// <paramref name="text"/> (at least <see cref="MinLength"/> of them).</summary>
    public static (string Key, int Indent, int Head) Slot(string key, int indent, ReadOnlySpan<byte> text)
    {
        var head = new HashCode();
        head.AddBytes(text[..HeadLength]);
        return (key, indent, head.ToHashCode());
    }

    /// <summary>The values kept in <paramref name="slot"/>, most recent first (null: none); compare the first
    /// <see cref="Compared"/> of them.</summary>
    public Kept? Earlier((string Key, int Indent, int Head) slot)
    {
        lock (_gate) return _values.GetValueOrDefault(slot);
    }

    /// <summary>Keeps <paramref name="value"/> first in <paramref name="slot"/>.</summary>
    public void Add((string Key, int Indent, int Head) slot, RepeatedValue value)
    {
        lock (_gate)
        {
            ref var first = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_values, slot, out _);
            first = new Kept(value, first);
        }
    }

    /// <summary>A kept value and the one kept before it in its slot.</summary>
    public sealed record Kept(RepeatedValue Value, Kept? Before);
}

/// <summary>A block value read: its bytes (through the line that ends it, not included), how many collections deep it
/// goes below its key's mapping, its node and the nodes a walk of it visits.</summary>
internal readonly record struct RepeatedValue(ReadOnlyMemory<byte> Bytes, int Height, ManifestNode Node, int Nodes);
