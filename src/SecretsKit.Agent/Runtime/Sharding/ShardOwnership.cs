using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Runtime.Sharding;

/// <summary>
/// Which shards this replica may work on now, fenced by time: a shard is owned only until its last successful Lease
/// renewal (timed from before the request was sent) plus the renew deadline, on the local monotonic clock. The renew
/// deadline is shorter than the lease duration another replica waits before taking an unrenewed Lease, so a replica that
/// was paused (SIGSTOP, a long GC, a partition) stops admitting the shard's work before anyone else can hold it.
/// </summary>
internal sealed class ShardOwnership(int count, TimeSpan renewDeadline, TimeProvider time)
{
    private readonly long[] _until = new long[count];
    private readonly DateTimeOffset?[] _previousHolderWorkedUntil = new DateTimeOffset?[count];

    /// <summary>The number of shards (<c>--shards</c>).</summary>
    public int Count => count;

    /// <summary>Whether this replica may work on <paramref name="shard"/> now.</summary>
    public bool Owns(int shard) => time.GetTimestamp() < Volatile.Read(ref _until[shard]);

    /// <summary>The shards owned now.</summary>
    public IReadOnlyList<int> Owned => [.. Enumerable.Range(0, count).Where(Owns)];

    /// <summary>Whether an ExternalSecret's work is admitted here (its <see cref="ShardKey"/> shard is owned).</summary>
    public bool Admits(ExternalSecretResource es) => Owns(ShardKey.Of(ShardKey.For(es), count));

    /// <summary>Whether the work of every other kind (stores, ClusterExternalSecrets, SopsSecrets, PushSecrets) is admitted: shard 0's owner does it.</summary>
    public bool AdmitsOtherKinds => Owns(0);

    /// <summary>
    /// A renewal (or acquisition) that was sent at <paramref name="sentAt"/> (<see cref="TimeProvider.GetTimestamp"/>)
    /// succeeded. Returns whether the shard was not owned just before: its renewal had come too late (a round slowed
    /// by the client's rate limit or a paused process), so whatever of its work was dequeued meanwhile was dropped, and
    /// the caller queues its objects again as for a shard gained.
    /// </summary>
    public bool Renewed(int shard, long sentAt)
    {
        var lapsed = !Owns(shard);
        Volatile.Write(ref _until[shard], sentAt + (long)(renewDeadline.TotalSeconds * time.TimestampFrequency));
        return lapsed && Owns(shard);
    }

    /// <summary>
    /// Until when the holder before this replica's last gain of <paramref name="shard"/> worked on it (see
    /// <see cref="GainedShards"/>); null when unknown.
    /// </summary>
    public DateTimeOffset? PreviousHolderWorkedUntil(int shard)
    {
        lock (_previousHolderWorkedUntil) return _previousHolderWorkedUntil[shard];
    }

    /// <summary>Records, at a gain of <paramref name="shard"/>, until when its previous holder worked on it.</summary>
    public void HandedOver(int shard, DateTimeOffset? previousHolderWorkedUntil)
    {
        lock (_previousHolderWorkedUntil) _previousHolderWorkedUntil[shard] = previousHolderWorkedUntil;
    }

    /// <summary>Stops admitting <paramref name="shard"/>'s work at once (lost to another holder, or being handed over).</summary>
    public void Lost(int shard) => Volatile.Write(ref _until[shard], 0);
}
