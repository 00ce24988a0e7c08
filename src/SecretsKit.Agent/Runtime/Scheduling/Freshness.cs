namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// How fresh a shared fetched value must be for a caller of <see cref="FetchCache"/>: <see cref="Any"/> (within one pass),
/// <see cref="Renew"/> (always fetch anew, e.g. after a spec change, and share the result for the key's slot) or <see cref="InSlot"/> (fetched within the remote
/// key's current refresh slot, see <see cref="KeySlots"/>; for a sync-once interval, within the last minute).
/// </summary>
internal readonly record struct Freshness(bool Always, TimeSpan? Interval)
{
    private static readonly TimeSpan SyncOnceWindow = TimeSpan.FromMinutes(1);

    public static Freshness Any => new(false, null);

    public static Freshness Renew(TimeSpan interval) => new(true, interval);

    public static Freshness InSlot(TimeSpan interval) => new(false, interval);

    /// <summary>Whether a value of key <paramref name="id"/> fetched at <paramref name="fetchedAt"/> may be used at <paramref name="now"/>.</summary>
    public bool Admits(string id, DateTimeOffset fetchedAt, DateTimeOffset now) => !Always && Interval switch
    {
        null => true,
        { } i when i <= TimeSpan.Zero => now - fetchedAt <= SyncOnceWindow,
        { } i => fetchedAt >= KeySlots.SlotStart(id, i, now),
    };

    /// <summary>Until when a value of key <paramref name="id"/> fetched at <paramref name="at"/> can still be used (for pruning).</summary>
    public DateTimeOffset UsableUntil(string id, DateTimeOffset at, TimeSpan anyAge) => Interval switch
    {
        { } i when i > TimeSpan.Zero => KeySlots.NextBoundary(id, i, at),
        { } => at + SyncOnceWindow,
        null => at + anyAge,
    };
}
