using System.Buffers;
using System.Text;

namespace SecretsKit.Core.KeyService;

/// <summary>The few protocol-buffers encodings the key service messages need: length-delimited fields (wire type 2).</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>A string field; proto3 leaves an empty one out.</summary>
    public ProtoWriter String(int field, string value) =>
        value.Length == 0 ? this : Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field; proto3 leaves an empty one out.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return this;
        return Message(field, value);
    }

    /// <summary>An embedded message, written even when empty (a present oneof member or map entry).</summary>
    public ProtoWriter Message(int field, ReadOnlySpan<byte> value)
    {
        Varint(((ulong)field << 3) | 2);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Write([(byte)(value | 0x80)]);
            value >>= 7;
        }
        _buffer.Write([(byte)value]);
    }
}
