namespace SecretsKit.Core.KeyService;

/// <summary>
/// Reads the fields of one protocol-buffers message. Length-delimited fields are returned; varint and fixed-width fields
/// (unknown to the key service messages) are skipped. Malformed input (a length past the end, a bad wire type, an
/// over-long varint) throws <see cref="FormatException"/>; nothing is allocated beyond the input.
/// </summary>
internal ref struct ProtoReader
{
    private ReadOnlySpan<byte> _rest;

    public ProtoReader(ReadOnlySpan<byte> message) => _rest = message;

    /// <summary>The next length-delimited field, or false at the end of the message.</summary>
    public bool Next(out int field, out ReadOnlySpan<byte> value)
    {
        while (!_rest.IsEmpty)
        {
            var tag = Varint();
            var wireType = (int)(tag & 7);
            if (tag >> 3 is 0 or > int.MaxValue) throw new FormatException("invalid field number");
            field = (int)(tag >> 3);
            switch (wireType)
            {
                case 0: Varint(); continue;
                case 1: Skip(8); continue;
                case 5: Skip(4); continue;
                case 2:
                    var length = Varint();
                    if (length > (ulong)_rest.Length) throw new FormatException("a field runs past the end of the message");
                    value = _rest[..(int)length];
                    _rest = _rest[(int)length..];
                    return true;
                default: throw new FormatException($"unsupported wire type {wireType}");
            }
        }
        field = 0;
        value = default;
        return false;
    }

    private void Skip(int count)
    {
        if (_rest.Length < count) throw new FormatException("a field runs past the end of the message");
        _rest = _rest[count..];
    }

    private ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_rest.IsEmpty) throw new FormatException("a varint runs past the end of the message");
            var b = _rest[0];
            _rest = _rest[1..];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
        }
        throw new FormatException("a varint is longer than 10 bytes");
    }
}
