using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace SecretsKit.KeyService;

/// <summary>
/// Connection middleware: a connection must open with the HTTP/2 client preface (RFC 9113 §3.4), as every sops client does
/// (HTTP/2 without TLS, prior knowledge). Its bytes are compared as they arrive, without being consumed, and at the first one
/// that differs (a TLS ClientHello, an HTTP/1 request line, garbage) the connection gets a GOAWAY (PROTOCOL_ERROR) and is
/// closed at once; Kestrel itself would hold such a connection until its handshake timeout. A connection that sends less
/// than the preface within <see cref="KeyServiceLimits.Handshake"/> is closed then, as Kestrel would.
/// </summary>
/// <remarks>
/// The GOAWAY is the one frame written here by hand (17 constant bytes): Kestrel's frame writer exists only inside its
/// HTTP/2 connection, which a connection that is not HTTP/2 never reaches. RFC 9113 lets it be omitted after an invalid
/// preface; it is sent so that every protocol error ends the same way.
/// </remarks>
internal static class PrefaceCheck
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>GOAWAY: length 8, type 7, no flags, stream 0; last stream 0, error PROTOCOL_ERROR (1).</summary>
    private static readonly byte[] GoAwayProtocolError = [0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    public static Func<ConnectionDelegate, ConnectionDelegate> Check => next => async connection =>
    {
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        handshake.CancelAfter(KeyServiceLimits.Handshake);
        bool? valid;
        try
        {
            valid = await PeekAsync(connection, handshake.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // nothing or part of the preface by the handshake timeout, or the client went: the connection is closed
        }
        if (valid == true)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }
        if (valid == false)
        {
            await connection.Transport.Output.WriteAsync(GoAwayProtocolError, CancellationToken.None).ConfigureAwait(false);
        }
    };

    /// <summary>True: the preface arrived (left unread for Kestrel); false: a byte differs; null: the client closed first.</summary>
    private static async Task<bool?> PeekAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var length = (int)Math.Min(buffer.Length, Preface.Length);
            var seen = length == 0 || MatchesPreface(buffer.Slice(0, length));
            if (!seen || length == Preface.Length)
            {
                input.AdvanceTo(buffer.Start);
                return seen;
            }
            input.AdvanceTo(buffer.Start, buffer.End); // a prefix of the preface so far: wait for more
            if (read.IsCompleted) return null;
        }
    }

    private static bool MatchesPreface(ReadOnlySequence<byte> received)
    {
        Span<byte> bytes = stackalloc byte[(int)received.Length];
        received.CopyTo(bytes);
        return bytes.SequenceEqual(Preface.AsSpan(0, bytes.Length));
    }
}
