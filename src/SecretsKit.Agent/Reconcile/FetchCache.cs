using SecretsKit.Agent.Reconcile.Scheduling;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile;

/// <summary>
/// Deduplicates provider calls: one fetch per (store spec version, remote key, version), property-less, shared by every
/// ExternalSecret that needs it; properties are extracted locally. A caller says how old a shared value may be
/// (<c>maxAge</c>: null = any age, as within one pass; zero = always fetch anew, e.g. after a spec change), so
/// ExternalSecrets whose refresh times fall close together (the jitter window) still make one call. Failed fetches
/// are never shared afterwards. Calls go through the optional <see cref="StoreThrottle"/>.
/// </summary>
internal sealed class FetchCache(TimeProvider? time = null, StoreThrottle? throttle = null)
{
    private static readonly TimeSpan PruneAge = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry<SecretValue>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry<IReadOnlyDictionary<string, byte[]>>> _finds = new(StringComparer.Ordinal);
    private int _inserts;

    private sealed record Entry<T>(Lazy<Task<T>> Fetch, DateTimeOffset At);

    public Task<SecretValue> GetAsync(StoreResource store, ISecretStore provider, string key, string? version, TimeSpan? maxAge, CancellationToken ct) =>
        Shared(_values, $"{Version(store)}\n{key}\n{version}", maxAge,
            () => Call(store, () => provider.GetSecretAsync(new SecretRef(key, null, version), ct), ct));

    public Task<IReadOnlyDictionary<string, byte[]>> FindAsync(StoreResource store, ISecretStore provider, SecretQuery query, TimeSpan? maxAge, CancellationToken ct)
    {
        var tags = query.Tags is null ? "" : string.Join(",", query.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
        return Shared(_finds, $"{Version(store)}\n{query.NameRegex}\n{query.Path}\n{tags}", maxAge,
            () => Call(store, () => provider.FindSecretsAsync(query, ct), ct));
    }

    /// <summary>The store's spec version: uid and generation, so its own status writes do not invalidate shared values.</summary>
    private static string Version(StoreResource store) => $"{store.Identity}@{store.Uid}#{store.Raw.GetGeneration()}";

    private Task<T> Call<T>(StoreResource store, Func<Task<T>> call, CancellationToken ct) =>
        throttle is null ? call() : throttle.RunAsync(store.Identity, call, ct);

    private Task<T> Shared<T>(Dictionary<string, Entry<T>> entries, string id, TimeSpan? maxAge, Func<Task<T>> fetch)
    {
        var now = _time.GetUtcNow();
        Entry<T> entry;
        lock (_gate)
        {
            if (maxAge != TimeSpan.Zero && entries.TryGetValue(id, out var cached) && Usable(cached, now, maxAge))
            {
                entry = cached;
            }
            else
            {
                entry = new Entry<T>(new Lazy<Task<T>>(fetch), now);
                entries[id] = entry;
                if (++_inserts % 256 == 0) Prune(now);
            }
        }
        return entry.Fetch.Value;
    }

    private static bool Usable<T>(Entry<T> entry, DateTimeOffset now, TimeSpan? maxAge)
    {
        if (entry.Fetch.IsValueCreated && entry.Fetch.Value is { IsFaulted: true } or { IsCanceled: true }) return false;
        return maxAge is null || now - entry.At <= maxAge;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var k in _values.Where(kv => now - kv.Value.At > PruneAge).Select(kv => kv.Key).ToList()) _values.Remove(k);
        foreach (var k in _finds.Where(kv => now - kv.Value.At > PruneAge).Select(kv => kv.Key).ToList()) _finds.Remove(k);
    }
}
