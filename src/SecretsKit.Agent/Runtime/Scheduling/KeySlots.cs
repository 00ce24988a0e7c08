namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// Refresh slots per remote key. Every remote key (store, key, version — or one <c>find</c> query) has a fixed grid of
/// boundaries <c>phase + n × interval</c> on the wall clock, with a phase taken from a hash of the key, so keys spread
/// over the whole interval but every ExternalSecret reading the same key shares the same boundaries. A value fetched at
/// or after the start of the key's current slot is fresh for everyone until the next boundary: the provider is read
/// once per key per interval however many ExternalSecrets use it, and schedules never drift apart.
/// </summary>
internal static class KeySlots
{
    /// <summary>The id of a <c>data</c> or <c>dataFrom.extract</c> key: the store's identity, the key and its version.</summary>
    public static string KeyId(string storeIdentity, string key, string? version) => $"{storeIdentity}\n{key}\n{version}";

    /// <summary>The id of a <c>dataFrom.find</c> query (tags sorted, so their order does not matter).</summary>
    public static string FindId(string storeIdentity, string? nameRegex, string? path, IReadOnlyDictionary<string, string>? tags)
    {
        var sortedTags = tags is null ? "" : string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
        return $"{storeIdentity}\nfind\n{nameRegex}\n{path}\n{sortedTags}";
    }

    /// <summary>The start of the slot <paramref name="at"/> falls in (the latest boundary at or before it).</summary>
    public static DateTimeOffset SlotStart(string id, TimeSpan interval, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var offset = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - Phase(id, interval);
        var slots = Math.DivRem(offset, interval.Ticks, out var rest);
        if (rest < 0) slots--;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + Phase(id, interval) + (slots * interval.Ticks), TimeSpan.Zero);
    }

    /// <summary>The first boundary strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextBoundary(string id, TimeSpan interval, DateTimeOffset after) => SlotStart(id, interval, after) + interval;

    /// <summary>Where in the interval the key's boundaries lie: a stable 64-bit FNV-1a hash of the id, modulo the interval.</summary>
    private static long Phase(string id, TimeSpan interval)
    {
        var h = 14695981039346656037UL;
        foreach (var c in id) h = (h ^ c) * 1099511628211UL;
        return (long)(h % (ulong)interval.Ticks);
    }
}
