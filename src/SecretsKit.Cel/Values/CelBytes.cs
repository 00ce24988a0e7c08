namespace SecretsKit.Cel.Values;

/// <summary>A CEL <c>bytes</c> value: an immutable byte sequence compared by content.</summary>
public sealed class CelBytes(byte[] bytes) : IEquatable<CelBytes>
{
    private readonly byte[] _bytes = bytes;

    public ReadOnlySpan<byte> Span => _bytes;

    public int Length => _bytes.Length;

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public bool Equals(CelBytes? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as CelBytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public int CompareTo(CelBytes other) => _bytes.AsSpan().SequenceCompareTo(other._bytes);
}
