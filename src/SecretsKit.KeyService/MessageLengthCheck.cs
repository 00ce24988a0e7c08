using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.KeyService;

/// <summary>
/// Request middleware: a call whose gRPC length prefix announces more than <see cref="KeyServiceLimits.MaxMessageBytes"/> is
/// answered <c>RESOURCE_EXHAUSTED</c> from its first 5 bytes, before any of the message is read. Grpc.AspNetCore checks the
/// limit too, but a prefix past 2 GiB (a length it cannot hold in an <c>int</c>) fails there as an unexpected error and is
/// answered <c>UNKNOWN</c>. The prefix is only peeked: a call within the limit reaches gRPC with its body unread.
/// </summary>
internal static class MessageLengthCheck
{
    private const int PrefixBytes = 5; // compressed flag, then the length as a big-endian uint32 (gRPC over HTTP/2)

    public static async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        if (await AnnouncedLengthAsync(context.Request.BodyReader, context.RequestAborted).ConfigureAwait(false) is > KeyServiceLimits.MaxMessageBytes and var length)
        {
            // a trailers-only answer (status in the headers, as Grpc.AspNetCore answers a call that fails before its reply)
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "8";
            context.Response.Headers["grpc-message"] = $"the message of {length} bytes is larger than the key service's limit of {KeyServiceLimits.MaxMessageBytes}";
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The message length the body's prefix announces, or null when the body ends first; nothing is consumed.</summary>
    private static async Task<long?> AnnouncedLengthAsync(System.IO.Pipelines.PipeReader body, CancellationToken cancellationToken)
    {
        var read = await body.ReadAtLeastAsync(PrefixBytes, cancellationToken).ConfigureAwait(false);
        var buffer = read.Buffer;
        try
        {
            if (buffer.Length < PrefixBytes) return null;
            Span<byte> prefix = stackalloc byte[PrefixBytes];
            buffer.Slice(0, PrefixBytes).CopyTo(prefix);
            return BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        }
        finally
        {
            body.AdvanceTo(buffer.Start);
        }
    }
}
