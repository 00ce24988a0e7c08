namespace SecretsKit.Cli.Edition;

/// <summary>
/// The lean CLI's standard input: every byte a command reads is also kept, so that a run handed to the full CLI
/// (<see cref="FullBinary"/>) after it has read its input can give the full CLI the same input. The bytes stay in this
/// process's memory (then in a memfd), never on disk. The console stream reads fd 0 unbuffered, so what is kept is
/// exactly what was taken from it.
/// </summary>
internal sealed class RecordedStdin(Stream inner) : Stream
{
    private readonly MemoryStream _read = new();

    /// <summary>The bytes read so far.</summary>
    public ReadOnlyMemory<byte> Consumed => _read.GetBuffer().AsMemory(0, (int)_read.Length);

    /// <summary>The standard input under the recording, to read what no command took.</summary>
    public Stream Inner => inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read.Write(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _read.Write(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
