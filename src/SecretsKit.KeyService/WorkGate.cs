using Grpc.Core;

namespace SecretsKit.KeyService;

/// <summary>
/// Bounds the key work in progress: at most <c>total</c> calls run at once, at most <c>perConnection</c> calls of one
/// connection are running or waiting, and at most <c>maxWaiting</c> wait in all; a call past a bound is answered
/// <c>ResourceExhausted</c> at once. A waiting call whose stream is reset (Rapid Reset's HEADERS + RST_STREAM) leaves the
/// queue when its cancellation fires, before any key work, so cancelled streams cannot pile up decrypts.
/// </summary>
internal sealed class WorkGate(int total, int perConnection, int maxWaiting) : IDisposable
{
    private readonly SemaphoreSlim _running = new(total, total);
    private readonly Dictionary<string, int> _byConnection = new(StringComparer.Ordinal);
    private int _waiting;

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(string connection, CancellationToken cancellationToken)
    {
        lock (_byConnection)
        {
            var held = _byConnection.GetValueOrDefault(connection);
            if (held >= perConnection) throw Busy($"more than {perConnection} calls of one connection at once");
            _byConnection[connection] = held + 1;
        }
        try
        {
            if (Interlocked.Increment(ref _waiting) > maxWaiting) throw Busy("the key service is busy");
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(connection);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Slot(this, connection);
    }

    private void Leave(string connection)
    {
        lock (_byConnection)
        {
            var held = _byConnection[connection] - 1;
            if (held == 0) _byConnection.Remove(connection);
            else _byConnection[connection] = held;
        }
    }

    private static RpcException Busy(string why) => new(new Status(StatusCode.ResourceExhausted, why));

    public void Dispose() => _running.Dispose();

    private sealed class Slot(WorkGate gate, string connection) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            gate._running.Release();
            gate.Leave(connection);
        }
    }
}
