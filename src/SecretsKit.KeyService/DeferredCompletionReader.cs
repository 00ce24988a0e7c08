using System.IO.Pipelines;

namespace SecretsKit.KeyService;

/// <summary>
/// The transport's input as Kestrel sees it under <see cref="LingeringClose"/>: everything passes through, except that
/// Kestrel's completing it is only recorded, so the connection can still read (and drop) what the client sends after the
/// server's last frame.
/// </summary>
internal sealed class DeferredCompletionReader(PipeReader inner) : PipeReader
{
    public PipeReader Inner => inner;

    public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
    }
}
