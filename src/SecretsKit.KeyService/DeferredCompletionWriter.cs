using System.IO.Pipelines;

namespace SecretsKit.KeyService;

/// <summary>
/// The transport's output as Kestrel sees it under <see cref="LingeringClose"/>: everything passes through, except that
/// Kestrel's completing it (which makes the socket transport close the socket at once) is only recorded, and done by
/// <see cref="LingeringClose"/> once the client has had the server's last frame.
/// </summary>
internal sealed class DeferredCompletionWriter(PipeWriter inner) : PipeWriter
{
    public PipeWriter Inner => inner;

    /// <summary>The error Kestrel completed the output with (null: none, or not completed).</summary>
    public Exception? Error { get; private set; }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Complete(Exception? exception = null) => Error ??= exception;
}
