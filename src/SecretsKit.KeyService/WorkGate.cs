using Grpc.Core;

namespace SecretsKit.KeyService;

/// <summary>
/// Bounds the key work in progress: at most <c>total</c> calls run at once, at most <c>perConnection</c> calls of one
/// connection are running or waiting, and at most <c>maxWaiting</c> wait in all, except that the first <c>reserved</c> calls
/// of a connection may always wait. A call past a bound is answered <c>ResourceExhausted</c> at once. Waiting calls get a
/// running slot connection by connection in turn (one call of each connection with calls waiting, then the next of each),
/// so many connections that each send a burst of calls cannot put a client with a few calls at a time behind all of their
/// bursts. A waiting call whose stream is reset (Rapid Reset's HEADERS + RST_STREAM) leaves the queue when its cancellation
/// fires, before any key work, so cancelled streams cannot pile up decrypts.
/// </summary>
internal sealed class WorkGate(int total, int perConnection, int reserved, int maxWaiting)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Line> _lines = new(StringComparer.Ordinal);
    private readonly LinkedList<Line> _turns = new(); // connections with calls waiting, next turn first
    private int _running;
    private int _waiting;

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(string connection, CancellationToken cancellationToken)
    {
        Line line;
        LinkedListNode<TaskCompletionSource> waiter;
        lock (_lock)
        {
            line = _lines.GetValueOrDefault(connection) ?? (_lines[connection] = new Line(connection));
            if (line.Held >= perConnection) throw Busy($"more than {perConnection} calls of one connection at once");
            if (_running < total)
            {
                _running++;
                line.Held++;
                return new Slot(this, line);
            }
            if (_waiting >= maxWaiting && line.Held >= reserved) throw Busy("the key service is busy");
            line.Held++;
            _waiting++;
            waiter = line.Waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            line.Turn ??= _turns.AddLast(line);
        }
        try
        {
            await waiter.Value.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            bool granted;
            lock (_lock)
            {
                granted = waiter.List is null; // handed a slot as the cancellation fired
                if (!granted) Withdraw(line, waiter);
            }
            if (granted) Release(line);
            throw;
        }
        return new Slot(this, line);
    }

    private void Withdraw(Line line, LinkedListNode<TaskCompletionSource> waiter)
    {
        line.Waiters.Remove(waiter);
        _waiting--;
        if (line.Waiters.Count == 0 && line.Turn is { } turn)
        {
            _turns.Remove(turn);
            line.Turn = null;
        }
        Leave(line);
    }

    /// <summary>Gives a running slot back: to the first waiting call of the connection whose turn it is, or to no one.</summary>
    private void Release(Line line)
    {
        TaskCompletionSource? next = null;
        lock (_lock)
        {
            Leave(line);
            if (_turns.First is { } turn)
            {
                var owner = turn.Value;
                _turns.RemoveFirst();
                next = owner.Waiters.First!.Value;
                owner.Waiters.RemoveFirst();
                owner.Turn = owner.Waiters.Count > 0 ? _turns.AddLast(owner) : null;
                _waiting--;
            }
            else
            {
                _running--;
            }
        }
        next?.TrySetResult();
    }

    private void Leave(Line line)
    {
        if (--line.Held == 0) _lines.Remove(line.Connection);
    }

    private static RpcException Busy(string why) => new(new Status(StatusCode.ResourceExhausted, why));

    /// <summary>One connection's calls in the gate: how many run or wait, and those waiting, oldest first.</summary>
    private sealed class Line(string connection)
    {
        public string Connection { get; } = connection;

        public int Held { get; set; }

        public LinkedList<TaskCompletionSource> Waiters { get; } = new();

        public LinkedListNode<Line>? Turn { get; set; }
    }

    private sealed class Slot(WorkGate gate, Line line) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            gate.Release(line);
        }
    }
}
