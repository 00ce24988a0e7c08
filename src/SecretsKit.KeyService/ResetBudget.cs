using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.KeyService;

/// <summary>
/// Rapid Reset (CVE-2023-44487) on top of Kestrel's own mitigation: a connection whose client has reset more than
/// <c>budget</c> of its calls is aborted. A sops client cancels a call only when it gives up on it; an attacker resets every
/// stream right after opening it, so each of its connections does at most <c>budget</c> streams of work before it must
/// connect again (Kestrel's own limit lets several hundred through).
/// </summary>
internal sealed class ResetBudget(int budget)
{
    private readonly ConcurrentDictionary<string, Entry> _connections = new(StringComparer.Ordinal);

    /// <summary>Connection middleware: tracks each connection while it lives.</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> Track => next => async connection =>
    {
        _connections[connection.ConnectionId] = new Entry(connection);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>Request middleware: after each call, counts it when the client reset it, and aborts the connection past the budget.</summary>
    public async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        await next(context).ConfigureAwait(false);
        if (!context.RequestAborted.IsCancellationRequested || !_connections.TryGetValue(context.Connection.Id, out var entry)) return;
        if (Interlocked.Increment(ref entry.Resets) == budget + 1)
        {
            entry.Connection.Abort(new ConnectionAbortedException($"the client reset more than {budget} calls"));
        }
    }

    private sealed class Entry(ConnectionContext connection)
    {
        public ConnectionContext Connection { get; } = connection;

        public int Resets;
    }
}
