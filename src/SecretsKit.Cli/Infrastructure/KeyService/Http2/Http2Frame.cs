using System.Buffers.Binary;

namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>HTTP/2 frame types (RFC 7540 section 6).</summary>
internal enum Http2FrameType : byte
{
    Data = 0x0,
    Headers = 0x1,
    Priority = 0x2,
    RstStream = 0x3,
    Settings = 0x4,
    PushPromise = 0x5,
    Ping = 0x6,
    GoAway = 0x7,
    WindowUpdate = 0x8,
    Continuation = 0x9,
}

/// <summary>One frame's 9-byte header (RFC 7540 4.1) and the flag bits this server reads or sets.</summary>
internal readonly record struct Http2Frame(int Length, Http2FrameType Type, byte Flags, int StreamId)
{
    public const int HeaderSize = 9;
    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte PriorityFlag = 0x20;

    /// <summary>The client connection preface (RFC 7540 3.5).</summary>
    public static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public bool Has(byte flag) => (Flags & flag) != 0;

    public static Http2Frame Read(ReadOnlySpan<byte> header) => new(
        header[0] << 16 | header[1] << 8 | header[2],
        (Http2FrameType)header[3],
        header[4],
        (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFFFFFF));

    public void Write(Span<byte> header)
    {
        header[0] = (byte)(Length >> 16);
        header[1] = (byte)(Length >> 8);
        header[2] = (byte)Length;
        header[3] = (byte)Type;
        header[4] = Flags;
        BinaryPrimitives.WriteUInt32BigEndian(header[5..], (uint)StreamId);
    }
}
