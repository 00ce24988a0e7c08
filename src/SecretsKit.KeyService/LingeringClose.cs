using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace SecretsKit.KeyService;

/// <summary>
/// Connection middleware (after <see cref="PrefaceCheck"/>): when the server ends a connection (a GOAWAY after a protocol error, the idle
/// timeout), the socket is closed only once the client has closed its side or <see cref="KeyServiceLimits.Linger"/> has
/// passed, reading and dropping whatever it still sends meanwhile. Closing a socket whose receive buffer holds unread bytes
/// (a client's SETTINGS ACK or next frame, sent before it saw the GOAWAY) makes the kernel answer with a reset, and a reset
/// discards what the client has not read yet: the GOAWAY. Kestrel's socket transport closes at once when its output
/// completes, so Kestrel here gets pipes whose completion is deferred (<see cref="DeferredCompletionReader"/>,
/// <see cref="DeferredCompletionWriter"/>).
/// </summary>
internal sealed class LingeringClose(DeferredCompletionReader input, DeferredCompletionWriter output) : IDuplexPipe
{
    public PipeReader Input => input;

    public PipeWriter Output => output;

    public static Func<ConnectionDelegate, ConnectionDelegate> Use => next => async connection =>
    {
        var reader = new DeferredCompletionReader(connection.Transport.Input);
        var writer = new DeferredCompletionWriter(connection.Transport.Output);
        var transport = new LingeringClose(reader, writer);
        connection.Transport = transport;
        try
        {
            await next(connection).ConfigureAwait(false);
            await transport.LingerAsync(connection.ConnectionClosed).ConfigureAwait(false);
        }
        finally
        {
            await reader.Inner.CompleteAsync().ConfigureAwait(false);
            await writer.Inner.CompleteAsync(writer.Error).ConfigureAwait(false);
        }
    };

    /// <summary>Sends what Kestrel wrote last, then drops input until the client closes, the connection is aborted, or the bound.</summary>
    private async Task LingerAsync(CancellationToken aborted)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        bound.CancelAfter(KeyServiceLimits.Linger);
        try
        {
            await output.Inner.FlushAsync(bound.Token).ConfigureAwait(false);
            while (true)
            {
                var read = await input.Inner.ReadAsync(bound.Token).ConfigureAwait(false);
                input.Inner.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionAbortedException or InvalidOperationException)
        {
            // the bound passed, the connection was aborted, or its pipes were already done: close now
        }
    }
}
