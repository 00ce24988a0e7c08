using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// Deduplicates provider calls: one fetch per (store spec version, remote key, version), property-less, shared by every
/// ExternalSecret that needs it; properties are extracted locally. A caller says how fresh a shared value must be
/// (<see cref="Freshness"/>): with <see cref="Freshness.InSlot"/> a value fetched within the remote key's current refresh
/// slot (<see cref="KeySlots"/>) is shared, so the provider is read once per key per interval. Failed fetches are never
/// shared afterwards, and a value is dropped once no caller could use it any more (its slot has passed), so secret
/// material is held no longer than one interval. Calls go through the optional <see cref="StoreThrottle"/>.
/// </summary>
internal sealed class FetchCache(TimeProvider? time = null, StoreThrottle? throttle = null)
{
    /// <summary>How long a value fetched with <see cref="Freshness.Any"/> (one pass) is kept.</summary>
    private static readonly TimeSpan PassAge = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry<SecretValue>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry<IReadOnlyDictionary<string, byte[]>>> _finds = new(StringComparer.Ordinal);
    private int _inserts;

    private sealed record Entry<T>(string SlotId, Lazy<Task<T>> Fetch, DateTimeOffset At, DateTimeOffset UsableUntil, long Sequence);

    /// <summary>Where each provider read is counted (<c>externalsecret_provider_api_calls_count</c>); null = nowhere.</summary>
    public Metrics.ProviderApiCalls? Calls { get; init; }

    /// <summary>
    /// The keys change events reported (<see cref="ChangedKeys"/>): a value fetched before its key's last
    /// event is not shared any more. Null = no change events.
    /// </summary>
    public ChangedKeys? Changes { get; init; }

    /// <summary>Values currently held (for tests and the memory bound).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _values.Count + _finds.Count;
        }
    }

    public Task<SecretValue> GetAsync(StoreResource store, ISecretStore provider, string key, string? version, Freshness freshness, CancellationToken ct) =>
        Shared(_values, KeySlots.KeyId(store.Identity, key, version), Version(store), freshness, Changes?.LastChange(store.Identity, key) ?? 0,
            () => Call(store, false, () => provider.GetSecretAsync(new SecretRef(key, null, version), ct), ct));

    /// <summary>A find, shared like a value; the keys it returned are recorded in <see cref="Changes"/> (what a tags-only find's events match).</summary>
    public Task<IReadOnlyDictionary<string, byte[]>> FindAsync(StoreResource store, ISecretStore provider, SecretQuery query, Freshness freshness, CancellationToken ct)
    {
        var findId = KeySlots.FindId(store.Identity, query.NameRegex, query.Path, query.Tags);
        return Shared(_finds, findId, Version(store), freshness, Changes?.LastFindChange(store.Identity) ?? 0, () => Call(store, true, async () =>
        {
            var found = await provider.FindSecretsAsync(query, ct);
            Changes?.Found(findId, found.Keys);
            return found;
        }, ct));
    }

    /// <summary>
    /// The store's spec version: uid and generation, so its own status writes do not invalidate shared values; and the
    /// namespace a per-namespace ClusterSecretStore serves, so values read with one namespace's identity stay in it.
    /// </summary>
    private static string Version(StoreResource store) => $"{store.Uid}#{store.Raw.GetGeneration()}@{store.ReferentNamespace}";

    private Task<T> Call<T>(StoreResource store, bool find, Func<Task<T>> call, CancellationToken ct) =>
        throttle is null ? Counted(store, find, call) : throttle.RunAsync(store.Identity, () => Counted(store, find, call), ct);

    private async Task<T> Counted<T>(StoreResource store, bool find, Func<Task<T>> call)
    {
        if (Calls is null) return await call();
        try
        {
            var value = await call();
            Calls.Observe(store.ProviderName, find, error: false);
            return value;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Calls.Observe(store.ProviderName, find, error: true);
            throw;
        }
    }

    private Task<T> Shared<T>(Dictionary<string, Entry<T>> entries, string slotId, string storeVersion, Freshness freshness, long lastChange,
        Func<Task<T>> fetch)
    {
        var now = _time.GetUtcNow();
        var id = storeVersion + "\n" + slotId;
        Entry<T> entry;
        lock (_gate)
        {
            if (entries.TryGetValue(id, out var cached) && cached.Sequence >= lastChange && Usable(cached, now, freshness))
            {
                entry = cached;
            }
            else
            {
                entry = new Entry<T>(slotId, new Lazy<Task<T>>(fetch), now, freshness.UsableUntil(slotId, now, PassAge), Changes?.Current ?? 0);
                entries[id] = entry;
                if (++_inserts % 256 == 0) Prune(now);
            }
        }
        return entry.Fetch.Value;
    }

    private static bool Usable<T>(Entry<T> entry, DateTimeOffset now, Freshness freshness)
    {
        if (entry.Fetch.IsValueCreated && entry.Fetch.Value is { IsFaulted: true } or { IsCanceled: true }) return false;
        return freshness.Admits(entry.SlotId, entry.At, now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var k in _values.Where(kv => now >= kv.Value.UsableUntil).Select(kv => kv.Key).ToList()) _values.Remove(k);
        foreach (var k in _finds.Where(kv => now >= kv.Value.UsableUntil).Select(kv => kv.Key).ToList()) _finds.Remove(k);
    }
}
