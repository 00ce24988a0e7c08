namespace SecretsKit.Agent.Runtime.Sharding;

/// <summary>
/// Shards a replica has just gained (a takeover, a rebalance, or its own after a lapse), each with the last time its
/// previous holder is known to have been working on it: the Lease's last <c>renewTime</c>, no later than when this
/// replica saw that record on its own clock. Null when nobody is known to have held it (a Lease just created).
/// </summary>
internal sealed class GainedShards
{
    private readonly Dictionary<int, DateTimeOffset?> _shards = [];

    public GainedShards()
    {
    }

    public GainedShards(IEnumerable<int> shards)
    {
        foreach (var shard in shards) Add(shard, null);
    }

    public int Count => _shards.Count;

    public IEnumerable<int> Shards => _shards.Keys.Order();

    public bool Contains(int shard) => _shards.ContainsKey(shard);

    /// <summary>Until when the shard's previous holder was working on it (see the type's summary), or null.</summary>
    public DateTimeOffset? WorkedUntil(int shard) => _shards.GetValueOrDefault(shard);

    /// <summary>Adds a shard; one added twice keeps the earlier time (the less it is trusted, the sooner its objects are synced).</summary>
    public void Add(int shard, DateTimeOffset? workedUntil) =>
        _shards[shard] = _shards.TryGetValue(shard, out var known) && (known is null || (workedUntil is { } w && known < w)) ? known : workedUntil;

    public void AddAll(GainedShards other)
    {
        foreach (var (shard, until) in other._shards) Add(shard, until);
    }
}
