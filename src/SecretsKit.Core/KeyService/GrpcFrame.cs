using System.Buffers.Binary;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// gRPC's length-prefixed message framing (1 byte compressed flag, 4 bytes big-endian length, the message). A unary call
/// carries exactly one uncompressed message; its size is bounded by <see cref="MaxMessageBytes"/> (gRPC's default, 4 MiB).
/// </summary>
public static class GrpcFrame
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    public static byte[] Wrap(ReadOnlySpan<byte> message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>The one message of a unary body; anything else is a <see cref="KeyServiceException"/> with the status to answer.</summary>
    public static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> body)
    {
        if (body.Length < 5) throw new KeyServiceException(GrpcStatusCode.Internal, "the body holds no complete gRPC message");
        if (body[0] != 0) throw new KeyServiceException(GrpcStatusCode.Unimplemented, "compressed gRPC messages are not supported");
        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
        if (length > MaxMessageBytes) throw new KeyServiceException(GrpcStatusCode.ResourceExhausted, $"a gRPC message is larger than {MaxMessageBytes} bytes");
        if (body.Length != 5 + (long)length) throw new KeyServiceException(GrpcStatusCode.Internal, "the body is not exactly one gRPC message");
        return body.Slice(5, (int)length);
    }
}
