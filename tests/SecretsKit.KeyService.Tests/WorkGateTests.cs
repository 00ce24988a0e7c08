using Grpc.Core;
using Gate = SecretsKit.KeyService.WorkGate;

namespace SecretsKit.KeyService.Tests;

/// <summary>The key service's work gate: the turn order of waiting calls, the places kept for each connection, cancellation.</summary>
public sealed class WorkGateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Waiting_calls_get_the_slot_connection_by_connection_in_turn_not_in_arrival_order()
    {
        var gate = new Gate(total: 1, perConnection: 16, reserved: 4, maxWaiting: 512);
        var holder = await gate.EnterAsync("holder", default);
        var order = new List<string>();
        async Task TakeAsync(string connection)
        {
            using var slot = await gate.EnterAsync(connection, default);
            lock (order) order.Add(connection);
        }
        // five calls of one connection arrive before the one call of another
        var calls = new[] { "burst", "burst", "burst", "burst", "burst", "few" }.Select(TakeAsync).ToList();
        holder.Dispose();
        await Task.WhenAll(calls).WaitAsync(Bound);
        Assert.Equal(["burst", "few", "burst", "burst", "burst", "burst"], order);
    }

    [Fact]
    public async Task Past_the_waiting_bound_only_calls_beyond_a_connections_reserved_places_are_refused()
    {
        var gate = new Gate(total: 1, perConnection: 16, reserved: 1, maxWaiting: 2);
        var holder = await gate.EnterAsync("holder", default);
        var waiting = new[] { gate.EnterAsync("burst", default), gate.EnterAsync("burst", default) };
        var refused = await Assert.ThrowsAsync<RpcException>(() => gate.EnterAsync("burst", default));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var kept = gate.EnterAsync("few", default); // its first call waits although two others already do
        Assert.False(kept.IsCompleted);
        holder.Dispose();
        await Task.WhenAll(waiting.Append(kept).Select(async call => (await call).Dispose())).WaitAsync(Bound); // each in its turn
    }

    [Fact]
    public async Task A_call_of_one_connection_past_its_bound_is_refused_and_a_cancelled_wait_gives_its_place_back()
    {
        var gate = new Gate(total: 1, perConnection: 2, reserved: 2, maxWaiting: 512);
        var holder = await gate.EnterAsync("c", default);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync("c", cancel.Token);
        Assert.Equal(StatusCode.ResourceExhausted, (await Assert.ThrowsAsync<RpcException>(() => gate.EnterAsync("c", default))).StatusCode);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = gate.EnterAsync("c", default); // the place is free again, and the slot goes to this call, not the cancelled one
        holder.Dispose();
        (await next.WaitAsync(Bound)).Dispose();
        (await gate.EnterAsync("c", default).WaitAsync(Bound)).Dispose(); // and the slot came back
    }
}
