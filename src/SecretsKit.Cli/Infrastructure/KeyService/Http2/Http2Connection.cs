using System.Buffers.Binary;

namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>
/// The server side of one HTTP/2 connection without TLS ("prior knowledge", as gRPC clients speak to sops's key service):
/// the client preface, SETTINGS, PING, flow control both ways, HEADERS + CONTINUATION (HPACK), DATA, RST_STREAM and
/// GOAWAY. Each request whose body has ended is handed to the handler; its response goes back as HEADERS, DATA and
/// trailing HEADERS. Every size is bounded: frames (16 KiB), header blocks, the header list, each body
/// (<c>maxBody</c>, answered with <c>bodyTooLarge</c>) and the number of open streams. A protocol error ends the
/// connection with GOAWAY. Requests and responses are small here (unary gRPC), so bodies are buffered whole.
/// </summary>
internal sealed partial class Http2Connection(
    Stream transport,
    Func<Http2Request, CancellationToken, Task<Http2Response>> handler,
    int maxBody,
    Http2Response bodyTooLarge) : IDisposable
{
    private const int MaxFrameSize = 16 * 1024;
    private const int MaxHeaderBlock = 64 * 1024;
    private const int MaxStreams = 16;
    private const int DefaultWindow = 65_535;

    private readonly HpackDecoder _hpack = new();
    private readonly Dictionary<int, Http2Stream> _streams = [];
    private readonly List<Task> _handlers = [];
    private readonly CancellationTokenSource _closing = new();
    private int _lastStreamId;

    /// <summary>Serves the connection until the peer closes it, a protocol error, or <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var stop = stopping.Register(() => _ = GoAwayAndCloseAsync(Http2ErrorCode.NoError));
        try
        {
            await ReadPrefaceAsync();
            await WriteSettingsAsync();
            await ReadFramesAsync();
        }
        catch (Http2Exception e)
        {
            await GoAwayAndCloseAsync(e.Code);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or OperationCanceledException)
        {
            // the peer went away, or the server is stopping
        }
        await stop.DisposeAsync();
        Task[] running;
        lock (_streams) running = [.. _handlers];
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_streams)
        {
            foreach (var stream in _streams.Values) stream.Cancel();
        }
        await transport.DisposeAsync();
    }

    public void Dispose()
    {
        _closing.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadPrefaceAsync()
    {
        var preface = new byte[Http2Frame.Preface.Length];
        await transport.ReadExactlyAsync(preface, _closing.Token);
        if (!preface.AsSpan().SequenceEqual(Http2Frame.Preface)) throw Http2Exception.Protocol("not an HTTP/2 connection preface");
    }

    private async Task ReadFramesAsync()
    {
        var header = new byte[Http2Frame.HeaderSize];
        var payload = new byte[MaxFrameSize];
        while (true)
        {
            await transport.ReadExactlyAsync(header, _closing.Token);
            var frame = Http2Frame.Read(header);
            if (frame.Length > MaxFrameSize) throw Http2Exception.FrameSize($"a frame of {frame.Length} bytes");
            await transport.ReadExactlyAsync(payload.AsMemory(0, frame.Length), _closing.Token);
            if (!await OnFrameAsync(frame, payload.AsMemory(0, frame.Length), header, payload)) return;
        }
    }

    /// <summary>Handles one frame; false when the peer said GOAWAY.</summary>
    private async Task<bool> OnFrameAsync(Http2Frame frame, Memory<byte> payload, byte[] header, byte[] buffer)
    {
        switch (frame.Type)
        {
            case Http2FrameType.Settings: await OnSettingsAsync(frame, payload); break;
            case Http2FrameType.Ping: await OnPingAsync(frame, payload); break;
            case Http2FrameType.WindowUpdate: await OnWindowUpdateAsync(frame, payload); break;
            case Http2FrameType.Headers: await OnHeadersAsync(frame, payload, header, buffer); break;
            case Http2FrameType.Data: await OnDataAsync(frame, payload); break;
            case Http2FrameType.RstStream: OnRstStream(frame, payload); break;
            case Http2FrameType.Priority:
                if (frame.StreamId == 0 || frame.Length != 5) throw Http2Exception.Protocol("a malformed PRIORITY frame");
                break;
            case Http2FrameType.GoAway:
                if (frame.StreamId != 0) throw Http2Exception.Protocol("GOAWAY on a stream");
                return false;
            case Http2FrameType.PushPromise: throw Http2Exception.Protocol("PUSH_PROMISE from a client");
            case Http2FrameType.Continuation: throw Http2Exception.Protocol("CONTINUATION without HEADERS");
            default: break; // unknown frame types are ignored (RFC 7540 4.1)
        }
        return true;
    }

    private async Task OnSettingsAsync(Http2Frame frame, Memory<byte> payload)
    {
        if (frame.StreamId != 0) throw Http2Exception.Protocol("SETTINGS on a stream");
        if (frame.Has(Http2Frame.Ack))
        {
            if (frame.Length != 0) throw Http2Exception.FrameSize("a SETTINGS acknowledgement with a payload");
            return;
        }
        if (frame.Length % 6 != 0) throw Http2Exception.FrameSize("a SETTINGS frame not made of 6-byte entries");
        for (var i = 0; i < frame.Length; i += 6)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(payload.Span[i..]);
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload.Span[(i + 2)..]);
            ApplySetting(id, value);
        }
        await WriteFrameAsync(new Http2Frame(0, Http2FrameType.Settings, Http2Frame.Ack, 0), ReadOnlyMemory<byte>.Empty);
    }

    private void ApplySetting(ushort id, uint value)
    {
        switch (id)
        {
            case 0x2 when value > 1: throw Http2Exception.Protocol("SETTINGS_ENABLE_PUSH above 1");
            case 0x4:
                if (value > int.MaxValue) throw new Http2Exception(Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1");
                lock (_streams)
                {
                    var delta = (int)value - _peerInitialWindow;
                    _peerInitialWindow = (int)value;
                    foreach (var stream in _streams.Values) stream.SendWindow += delta;
                }
                SignalWindow();
                break;
            case 0x5:
                if (value is < 16_384 or > 16_777_215) throw Http2Exception.Protocol("SETTINGS_MAX_FRAME_SIZE out of range");
                _peerMaxFrame = (int)value;
                break;
            default: break; // header table size (this server never indexes), concurrency, list size, unknown: nothing to do
        }
    }

    private async Task OnPingAsync(Http2Frame frame, Memory<byte> payload)
    {
        if (frame.StreamId != 0) throw Http2Exception.Protocol("PING on a stream");
        if (frame.Length != 8) throw Http2Exception.FrameSize("a PING that is not 8 bytes");
        if (!frame.Has(Http2Frame.Ack)) await WriteFrameAsync(new Http2Frame(8, Http2FrameType.Ping, Http2Frame.Ack, 0), payload.ToArray());
    }

    private async Task OnWindowUpdateAsync(Http2Frame frame, Memory<byte> payload)
    {
        if (frame.Length != 4) throw Http2Exception.FrameSize("a WINDOW_UPDATE that is not 4 bytes");
        var increment = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload.Span) & 0x7FFFFFFF);
        lock (_streams)
        {
            if (frame.StreamId == 0)
            {
                if (increment == 0) throw Http2Exception.Protocol("a WINDOW_UPDATE of 0");
                if ((long)_connectionSendWindow + increment > int.MaxValue) throw new Http2Exception(Http2ErrorCode.FlowControlError, "the connection window above 2^31-1");
                _connectionSendWindow += increment;
            }
            else if (_streams.TryGetValue(frame.StreamId, out var stream))
            {
                stream.SendWindow = (int)Math.Min(int.MaxValue, (long)stream.SendWindow + increment);
            }
        }
        if (increment == 0 && frame.StreamId != 0) await ResetAsync(frame.StreamId, Http2ErrorCode.ProtocolError);
        SignalWindow();
    }

    private void OnRstStream(Http2Frame frame, Memory<byte> payload)
    {
        if (frame.StreamId == 0) throw Http2Exception.Protocol("RST_STREAM on stream 0");
        if (frame.Length != 4) throw Http2Exception.FrameSize("a RST_STREAM that is not 4 bytes");
        if (frame.StreamId > _lastStreamId) throw Http2Exception.Protocol("RST_STREAM on an idle stream");
        _ = payload;
        // a stream never handed to a handler is disposed here; otherwise its call disposes it when it ends
#pragma warning disable CA2000
        Http2Stream? stream;
        lock (_streams) _streams.Remove(frame.StreamId, out stream);
        stream?.Cancel();
        if (stream is { RemoteEnded: false }) stream.Dispose();
#pragma warning restore CA2000
        SignalWindow();
    }
}
