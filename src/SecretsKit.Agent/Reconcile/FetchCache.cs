using System.Collections.Concurrent;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Stores;

namespace SecretsKit.Agent.Reconcile;

/// <summary>
/// Deduplicates provider calls within one reconcile pass (one refresh interval): one fetch per (store, remote key,
/// version), property-less, shared by every ExternalSecret that needs it; properties are extracted locally.
/// </summary>
internal sealed class FetchCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SecretValue>>> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, byte[]>>>> _finds = new(StringComparer.Ordinal);

    public Task<SecretValue> GetAsync(StoreResource store, ISecretStore provider, string key, string? version, CancellationToken ct) =>
        _values.GetOrAdd($"{store.Identity}@{store.ResourceVersion}\n{key}\n{version}",
            _ => new Lazy<Task<SecretValue>>(() => provider.GetSecretAsync(new SecretRef(key, null, version), ct))).Value;

    public Task<IReadOnlyDictionary<string, byte[]>> FindAsync(StoreResource store, ISecretStore provider, SecretQuery query, CancellationToken ct)
    {
        var tags = query.Tags is null ? "" : string.Join(",", query.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
        return _finds.GetOrAdd($"{store.Identity}@{store.ResourceVersion}\n{query.NameRegex}\n{query.Path}\n{tags}",
            _ => new Lazy<Task<IReadOnlyDictionary<string, byte[]>>>(() => provider.FindSecretsAsync(query, ct))).Value;
    }
}
