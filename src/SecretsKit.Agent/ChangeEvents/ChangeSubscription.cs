using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// The receive loop of one store's change events: connect, receive a batch, hand each message's keys to
/// <see cref="Refresh"/>, acknowledge what was handled; on any failure the connection is dropped, the state turns down
/// with the reason, and it connects again after a jittered exponential backoff. Runs until disposed (the store went away
/// or changed, or the session ended).
/// </summary>
internal sealed class ChangeSubscription : IAsyncDisposable
{
    /// <summary>Characters of a failure kept for the condition and the log.</summary>
    private const int MaxReason = 300;

    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private readonly Backoff<string> _backoff;
    private readonly ChangeSourceContext _context;
    private readonly IChangeEventSourceKind _kind;

    /// <param name="refresh">Refreshes the readers of a message's keys; returns false to leave the message unacknowledged (another replica's keys).</param>
    /// <param name="changed">Called when <see cref="Up"/> or <see cref="Problem"/> change.</param>
    /// <param name="log">Warnings: a message and its fields (bounded; never a secret value).</param>
    public ChangeSubscription(string setting, IChangeEventSourceKind kind, ChangeSourceContext context, Func<ChangeMessage, bool> refresh, Action changed,
        Action<string, (string, string)[]> log, TimeSpan retryInitial, TimeSpan retryMax, CancellationToken session)
    {
        Setting = setting;
        _kind = kind;
        _context = context;
        _backoff = new Backoff<string>(retryInitial, retryMax);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(session);
        var ct = _stop.Token;
        _loop = Task.Run(() => RunAsync(refresh, changed, log, ct), CancellationToken.None);
    }

    /// <summary>What this loop was started for (annotation, store uid and generation): another value restarts it.</summary>
    public string Setting { get; }

    /// <summary>The source's scheme (the metric's <c>source</c> label).</summary>
    public string Source => _kind.Scheme;

    /// <summary>Whether the last receive succeeded.</summary>
    public bool Up { get; private set; }

    /// <summary>What the source cannot do for now although it is up (<see cref="IChangeEventSource.Note"/>), or null.</summary>
    public string? Note { get; private set; }

    /// <summary>Why it is down (one bounded line), null while up or before the first attempt ended.</summary>
    public string? Problem { get; private set; }

    /// <summary>Messages received, and those dropped as malformed or foreign (for tests and the bench).</summary>
    public long Received => Interlocked.Read(ref _received);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Receive attempts that failed (each one turned the subscription down and waited its backoff).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    private long _received;
    private long _dropped;
    private long _failures;

    private async Task RunAsync(Func<ChangeMessage, bool> refresh, Action changed, Action<string, (string, string)[]> log, CancellationToken ct)
    {
        var store = _context.Store.Identity;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var source = await _kind.ConnectAsync(_context, ct);
                while (!ct.IsCancellationRequested)
                {
                    var batch = await source.ReceiveAsync(ct);
                    if (!Up || source.Note != Note)
                    {
                        if (!Up) _backoff.Reset(store);
                        (Up, Problem, Note) = (true, null, source.Note);
                        changed();
                    }
                    if (batch.Count == 0) continue;
                    var handled = new List<ChangeMessage>(batch.Count);
                    foreach (var message in batch)
                    {
                        Interlocked.Increment(ref _received);
                        if (message.Dropped is { } why)
                        {
                            Interlocked.Increment(ref _dropped);
                            log("change event dropped", [("store", store), ("source", _kind.Scheme), ("reason", Echo.Truncated(why, MaxReason))]);
                        }
                        if (message.Dropped is not null || message.Keys.Count == 0 || refresh(message)) handled.Add(message);
                    }
                    if (handled.Count > 0) await source.AcknowledgeAsync(handled, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                var problem = Echo.Truncated(e.Message, MaxReason);
                var wasUp = Up;
                (Up, Problem) = (false, problem);
                if (wasUp || _backoff.Failures(store) == 0) log("change events subscription failed", [("store", store), ("source", _kind.Scheme), ("error", problem)]);
                changed();
                try
                {
                    await Task.Delay(_backoff.Fail(store), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
