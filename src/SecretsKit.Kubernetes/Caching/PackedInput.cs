namespace SecretsKit.Kubernetes.Caching;

/// <summary>Reads the packed form of <see cref="PackedJson"/>.</summary>
internal ref struct PackedInput(ReadOnlySpan<byte> packed)
{
    private readonly ReadOnlySpan<byte> _packed = packed;
    private int _position;

    public readonly bool AtEnd => _position >= _packed.Length;

    public byte Byte() => _packed[_position++];

    public ulong VarInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _packed[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("a cached object holds a malformed number");
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        var bytes = _packed.Slice(_position, count);
        _position += count;
        return bytes;
    }
}
