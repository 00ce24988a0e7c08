namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>A connection error (RFC 7540 5.4.1): the server answers GOAWAY with <see cref="Code"/> and closes.</summary>
internal sealed class Http2Exception(Http2ErrorCode code, string message) : Exception(message)
{
    public Http2ErrorCode Code { get; } = code;

    public static Http2Exception Protocol(string message) => new(Http2ErrorCode.ProtocolError, message);

    public static Http2Exception Compression(string message) => new(Http2ErrorCode.CompressionError, message);

    public static Http2Exception FrameSize(string message) => new(Http2ErrorCode.FrameSizeError, message);

    public static Http2Exception Calm(string message) => new(Http2ErrorCode.EnhanceYourCalm, message);
}

/// <summary>HTTP/2 error codes (RFC 7540 section 7) this server sends.</summary>
internal enum Http2ErrorCode : uint
{
    NoError = 0x0,
    ProtocolError = 0x1,
    InternalError = 0x2,
    FlowControlError = 0x3,
    StreamClosed = 0x5,
    FrameSizeError = 0x6,
    RefusedStream = 0x7,
    CompressionError = 0x9,
    EnhanceYourCalm = 0xb,
}
