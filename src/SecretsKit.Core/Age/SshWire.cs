using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>Reader and writer for the SSH wire encoding (RFC 4251): uint32, length-prefixed strings, mpints.</summary>
internal sealed class SshWire
{
    private readonly byte[] _data;
    private int _pos;

    public SshWire(byte[] data) => _data = data;

    public bool AtEnd => _pos >= _data.Length;

    public int Remaining => _data.Length - _pos;

    public uint ReadUInt32()
    {
        if (Remaining < 4) throw new AgeException("malformed SSH key: truncated");
        var v = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(_pos, 4));
        _pos += 4;
        return v;
    }

    public byte[] ReadString()
    {
        var length = ReadUInt32();
        if (length > (uint)Remaining) throw new AgeException("malformed SSH key: truncated");
        var v = _data.AsSpan(_pos, (int)length).ToArray();
        _pos += (int)length;
        return v;
    }

    public string ReadText() => Encoding.ASCII.GetString(ReadString());

    public BigInteger ReadMpint()
    {
        var bytes = ReadString();
        if (bytes.Length > 0 && (bytes[0] & 0x80) != 0) throw new AgeException("malformed SSH key: negative integer");
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    public static void WriteString(List<byte> output, ReadOnlySpan<byte> value)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)value.Length);
        output.AddRange(len.ToArray());
        output.AddRange(value.ToArray());
    }

    public static void WriteText(List<byte> output, string value) => WriteString(output, Encoding.ASCII.GetBytes(value));

    public static void WriteMpint(List<byte> output, BigInteger value)
    {
        if (value.IsZero)
        {
            WriteString(output, ReadOnlySpan<byte>.Empty);
            return;
        }
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if ((bytes[0] & 0x80) != 0) bytes = [0, .. bytes];
        WriteString(output, bytes);
    }
}
