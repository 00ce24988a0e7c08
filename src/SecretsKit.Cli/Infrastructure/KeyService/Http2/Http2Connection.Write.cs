using System.Buffers.Binary;
using System.Globalization;

namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

internal sealed partial class Http2Connection
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _peerInitialWindow = DefaultWindow;
    private int _peerMaxFrame = 16_384;
    private int _connectionSendWindow = DefaultWindow;
    private TaskCompletionSource _windowChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// This server's SETTINGS, and a connection window as large as one request body. Each stream's window is one byte more
    /// than the largest body, so a client with a larger one sends enough to be answered instead of waiting for a window.
    /// </summary>
    private async Task WriteSettingsAsync()
    {
        var settings = new byte[18];
        WriteSetting(settings.AsSpan(0), 0x3, MaxStreams);                        // MAX_CONCURRENT_STREAMS
        WriteSetting(settings.AsSpan(6), 0x4, (uint)maxBody + 1);                  // INITIAL_WINDOW_SIZE
        WriteSetting(settings.AsSpan(12), 0x6, (uint)HpackDecoder.MaxHeaderListSize); // MAX_HEADER_LIST_SIZE
        await WriteFrameAsync(new Http2Frame(settings.Length, Http2FrameType.Settings, 0, 0), settings);
        if (maxBody + 1 > DefaultWindow) await WriteWindowUpdateAsync(0, maxBody + 1 - DefaultWindow);
    }

    private static void WriteSetting(Span<byte> entry, ushort id, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(entry, id);
        BinaryPrimitives.WriteUInt32BigEndian(entry[2..], value);
    }

    private Task WriteWindowUpdateAsync(int streamId, int increment)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
        return WriteFrameAsync(new Http2Frame(4, Http2FrameType.WindowUpdate, 0, streamId), payload);
    }

    private Task ResetAsync(int streamId, Http2ErrorCode code)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)code);
        return WriteFrameAsync(new Http2Frame(4, Http2FrameType.RstStream, 0, streamId), payload);
    }

    /// <summary>GOAWAY with the last stream this server accepted, then stops reading; open requests still finish.</summary>
    private async Task GoAwayAndCloseAsync(Http2ErrorCode code)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)_lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)code);
        try
        {
            await WriteFrameAsync(new Http2Frame(8, Http2FrameType.GoAway, 0, 0), payload);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // the peer is already gone
        }
        try
        {
            await _closing.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // the connection has ended meanwhile
        }
    }

    private async Task WriteFrameAsync(Http2Frame frame, ReadOnlyMemory<byte> payload)
    {
        var header = new byte[Http2Frame.HeaderSize];
        frame.Write(header);
        await _writeLock.WaitAsync();
        try
        {
            await transport.WriteAsync(header);
            if (!payload.IsEmpty) await transport.WriteAsync(payload);
            await transport.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A header block as HEADERS plus CONTINUATION frames, written together (nothing may come between them).</summary>
    private async Task WriteHeadersAsync(int streamId, byte[] block, bool endStream)
    {
        await _writeLock.WaitAsync();
        try
        {
            var offset = 0;
            var header = new byte[Http2Frame.HeaderSize];
            do
            {
                var length = Math.Min(_peerMaxFrame, block.Length - offset);
                var last = offset + length == block.Length;
                var type = offset == 0 ? Http2FrameType.Headers : Http2FrameType.Continuation;
                var flags = (byte)((last ? Http2Frame.EndHeaders : 0) | (offset == 0 && endStream ? Http2Frame.EndStream : 0));
                new Http2Frame(length, type, flags, streamId).Write(header);
                await transport.WriteAsync(header);
                await transport.WriteAsync(block.AsMemory(offset, length));
                offset += length;
            }
            while (offset < block.Length);
            await transport.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task RespondAsync(Http2Stream stream, Http2Response response)
    {
        var headers = new List<(string, string)> { (":status", response.Status.ToString(CultureInfo.InvariantCulture)) };
        headers.AddRange(response.Headers);
        if (response.Body is null)
        {
            headers.AddRange(response.Trailers); // "trailers-only": one HEADERS frame ends the stream
            await WriteHeadersAsync(stream.Id, HpackWriter.Encode(headers), endStream: true);
            return;
        }
        await WriteHeadersAsync(stream.Id, HpackWriter.Encode(headers), endStream: false);
        await WriteDataAsync(stream, response.Body, endStream: response.Trailers.Count == 0);
        if (response.Trailers.Count > 0) await WriteHeadersAsync(stream.Id, HpackWriter.Encode(response.Trailers), endStream: true);
    }

    /// <summary>DATA frames within the peer's frame size and its connection and stream windows, waiting for WINDOW_UPDATE.</summary>
    private async Task WriteDataAsync(Http2Stream stream, byte[] body, bool endStream)
    {
        var offset = 0;
        do
        {
            int length;
            Task wait;
            lock (_streams)
            {
                length = Math.Min(Math.Min(body.Length - offset, _peerMaxFrame), Math.Min(_connectionSendWindow, stream.SendWindow));
                wait = _windowChanged.Task;
                if (length > 0 || offset == body.Length)
                {
                    length = Math.Max(length, 0);
                    _connectionSendWindow -= length;
                    stream.SendWindow -= length;
                }
            }
            if (length <= 0 && offset < body.Length)
            {
                await wait.WaitAsync(stream.Token);
                continue;
            }
            var last = offset + length == body.Length;
            await WriteFrameAsync(new Http2Frame(length, Http2FrameType.Data, last && endStream ? Http2Frame.EndStream : (byte)0, stream.Id), body.AsMemory(offset, length));
            offset += length;
        }
        while (offset < body.Length);
    }

    private void SignalWindow()
    {
        var previous = Interlocked.Exchange(ref _windowChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
