namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

internal sealed partial class Http2Connection
{
    private async Task OnHeadersAsync(Http2Frame frame, Memory<byte> payload, byte[] header, byte[] buffer)
    {
        var id = frame.StreamId;
        if (id == 0 || id % 2 == 0) throw Http2Exception.Protocol("HEADERS on a stream id a client may not use");
        var fragment = Unpad(frame, payload, frame.Has(Http2Frame.PriorityFlag) ? 5 : 0);
        var block = new List<byte>(fragment.Length);
        block.AddRange(fragment.Span);
        var endHeaders = frame.Has(Http2Frame.EndHeaders);
        while (!endHeaders)
        {
            await transport.ReadExactlyAsync(header, _closing.Token);
            var next = Http2Frame.Read(header);
            if (next.Type != Http2FrameType.Continuation || next.StreamId != id) throw Http2Exception.Protocol("a header block interrupted");
            if (next.Length > MaxFrameSize) throw Http2Exception.FrameSize($"a frame of {next.Length} bytes");
            if (block.Count + next.Length > MaxHeaderBlock) throw Http2Exception.Calm($"a header block larger than {MaxHeaderBlock} bytes");
            await transport.ReadExactlyAsync(buffer.AsMemory(0, next.Length), _closing.Token);
            block.AddRange(buffer.AsSpan(0, next.Length));
            endHeaders = next.Has(Http2Frame.EndHeaders);
        }
        var fields = _hpack.Decode(block.ToArray()); // always decoded: the dynamic table must follow the peer's
        var endStream = frame.Has(Http2Frame.EndStream);
        if (id <= _lastStreamId)
        {
            await OnTrailersAsync(id, endStream);
            return;
        }
        _lastStreamId = id;
        Http2Stream stream;
        lock (_streams)
        {
            if (_streams.Count >= MaxStreams) stream = null!;
            else _streams[id] = stream = new Http2Stream(id, fields, _peerInitialWindow);
        }
        if (stream is null)
        {
            await ResetAsync(id, Http2ErrorCode.RefusedStream);
            return;
        }
        if (endStream) Dispatch(stream);
    }

    /// <summary>HEADERS on a stream already open: the client's trailers, which must end it (gRPC requests carry none).</summary>
    private async Task OnTrailersAsync(int id, bool endStream)
    {
        Http2Stream? stream;
        lock (_streams) _streams.TryGetValue(id, out stream);
        if (stream is null || stream.RemoteEnded)
        {
            await ResetAsync(id, Http2ErrorCode.StreamClosed);
            return;
        }
        if (!endStream) throw Http2Exception.Protocol("a second HEADERS that does not end the stream");
        Dispatch(stream);
    }

    private async Task OnDataAsync(Http2Frame frame, Memory<byte> payload)
    {
        if (frame.StreamId == 0) throw Http2Exception.Protocol("DATA on stream 0");
        if (frame.StreamId > _lastStreamId) throw Http2Exception.Protocol("DATA on an idle stream");
        // the connection window is given back at once; each stream's body is bounded by maxBody instead
        if (frame.Length > 0) await WriteWindowUpdateAsync(0, frame.Length);
        var data = Unpad(frame, payload, 0);
        Http2Stream? stream;
        lock (_streams) _streams.TryGetValue(frame.StreamId, out stream);
        if (stream is null) return; // a stream this server has answered and reset: frames still in flight are ignored
        if (stream.RemoteEnded)
        {
            await ResetAsync(frame.StreamId, Http2ErrorCode.StreamClosed);
            return;
        }
        if (stream.Body.Length + data.Length > maxBody)
        {
            lock (_streams) _streams.Remove(stream.Id);
            stream.RemoteEnded = true;
            using (stream)
            {
                await RespondAsync(stream, bodyTooLarge);
                await ResetAsync(stream.Id, Http2ErrorCode.NoError);
            }
            return;
        }
        stream.Body.Write(data.Span);
        if (frame.Has(Http2Frame.EndStream)) Dispatch(stream);
    }

    /// <summary>The frame's content without its padding (and, for HEADERS with PRIORITY, the 5 priority bytes).</summary>
    private static Memory<byte> Unpad(Http2Frame frame, Memory<byte> payload, int skip)
    {
        var pad = 0;
        if (frame.Has(Http2Frame.Padded))
        {
            if (payload.Length < 1) throw Http2Exception.FrameSize("a padded frame without its pad length");
            pad = payload.Span[0];
            skip++;
        }
        if (skip + pad > payload.Length) throw Http2Exception.Protocol("padding longer than the frame");
        return payload[skip..(payload.Length - pad)];
    }

    private void Dispatch(Http2Stream stream)
    {
        stream.RemoteEnded = true;
        var task = Task.Run(async () =>
        {
            try
            {
                var response = await handler(stream.ToRequest(), stream.Token);
                await RespondAsync(stream, response);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // reset by the client, or the connection is gone
            }
            catch (Exception)
            {
                await ResetAsync(stream.Id, Http2ErrorCode.InternalError).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                lock (_streams) _streams.Remove(stream.Id);
                stream.Dispose();
                SignalWindow();
            }
        });
        lock (_streams)
        {
            _handlers.RemoveAll(t => t.IsCompleted);
            _handlers.Add(task);
        }
    }
}
