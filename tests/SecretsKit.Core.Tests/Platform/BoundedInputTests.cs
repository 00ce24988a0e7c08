using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Platform;

/// <summary>
/// The bounded reader of files and standard input: every byte read back whatever the stream says of its length, the
/// limit counted on what was read, and a file that reports its size read into one array of that size.
/// </summary>
public sealed class BoundedInputTests
{
    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2048)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    [InlineData((3 << 20) + 5)]
    public void A_seekable_stream_and_a_pipe_give_every_byte(int length)
    {
        var bytes = Bytes(length);

        Assert.Equal(bytes, BoundedInput.ReadAll(new MemoryStream(bytes), "x"));
        Assert.Equal(bytes, BoundedInput.ReadAll(new LyingStream(bytes, reportedLength: null), "x"));
    }

    [Theory]
    [InlineData(5000, 4990)]
    [InlineData(5000, 1)]
    [InlineData((1 << 20) + 7, 10)]
    [InlineData(5000, 6000)]
    [InlineData(5000, 0)]
    public void A_file_that_grew_or_shrank_since_its_length_was_read_is_read_to_its_end(int length, long reported)
    {
        var bytes = Bytes(length);

        Assert.Equal(bytes, BoundedInput.ReadAll(new LyingStream(bytes, reported), "x"));
    }

    [Fact]
    public void A_stream_read_from_the_middle_gives_the_rest()
    {
        var bytes = Bytes(10_000);
        var stream = new MemoryStream(bytes) { Position = 4000 };

        Assert.Equal(bytes[4000..], BoundedInput.ReadAll(stream, "x"));
    }

    [Fact]
    public void The_limit_is_on_what_is_read_by_a_seekable_stream_a_pipe_and_a_file_that_grew()
    {
        var fits = Bytes(100);
        var over = Bytes(101);

        Assert.Equal(fits, BoundedInput.ReadAll(new MemoryStream(fits), "x", maxBytes: 100));
        Assert.Equal(fits, BoundedInput.ReadAll(new LyingStream(fits, null), "x", maxBytes: 100));
        foreach (var stream in new Stream[] { new MemoryStream(over), new LyingStream(over, null), new LyingStream(over, 50) })
        {
            var e = Assert.Throws<SecretsKitException>(() => BoundedInput.ReadAll(stream, "in.yaml", maxBytes: 100));
            Assert.Equal(ExitCodes.CouldNotReadInputFile, e.ExitCode);
            Assert.Contains("in.yaml is larger than", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_file_that_reports_its_size_is_read_into_one_array_of_that_size()
    {
        // Chunks of 1 MiB joined at the end cost the file's size twice and touch a 1 MiB array for a 2 KB file; an
        // array of the reported size is the one allocation that grows with the file.
        var bytes = Bytes((4 << 20) + 3);
        using var stream = new MemoryStream(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = BoundedInput.ReadAll(stream, "x");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(bytes, read);
        Assert.InRange(allocated, bytes.Length, bytes.Length + 65536);
    }

    /// <summary>A stream over <c>bytes</c> that reports another length (a file that grew or shrank), or none (a pipe).</summary>
    private sealed class LyingStream(byte[] bytes, long? reportedLength) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => reportedLength is not null;
        public override bool CanWrite => false;
        public override long Length => reportedLength ?? throw new NotSupportedException();

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7000));

        public override long Seek(long offset, SeekOrigin origin) =>
            CanSeek ? _inner.Seek(offset, origin) : throw new NotSupportedException();

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
