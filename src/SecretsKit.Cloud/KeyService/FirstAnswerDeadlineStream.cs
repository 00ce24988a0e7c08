namespace SecretsKit.Cloud.KeyService;

/// <summary>
/// A connection to a key service on which the server must send something within a deadline: an HTTP/2 server sends its
/// SETTINGS frame as soon as the connection opens, whatever its calls wait on (a <c>--prompt</c> included), so a server
/// that stays silent is not a key service or is hung. When the deadline passes before the first byte, the connection is
/// closed and every read and write on it fails with <see cref="KeyServiceUnreachableException"/>; after the first byte
/// the stream is the connection itself.
/// </summary>
internal sealed class FirstAnswerDeadlineStream : Stream
{
    private const int Waiting = 0, Answered = 1, Expired = 2;

    private readonly Stream _inner;
    private readonly string _reason;
    private readonly ITimer _timer;
    private int _state;

    public FirstAnswerDeadlineStream(Stream inner, TimeSpan left, string reason)
    {
        _inner = inner;
        _reason = reason;
        _timer = TimeProvider.System.CreateTimer(_ => Expire(), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private bool HasExpired => Volatile.Read(ref _state) == Expired;

    private void Expire()
    {
        if (Interlocked.CompareExchange(ref _state, Expired, Waiting) == Waiting) _inner.Dispose();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (HasExpired && e is IOException or ObjectDisposedException)
        {
            throw new KeyServiceUnreachableException(_reason);
        }
        if (read > 0 && Interlocked.CompareExchange(ref _state, Answered, Waiting) == Waiting) _timer.Dispose();
        return read > 0 || !HasExpired ? read : throw new KeyServiceUnreachableException(_reason);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (HasExpired && e is IOException or ObjectDisposedException)
        {
            throw new KeyServiceUnreachableException(_reason);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
