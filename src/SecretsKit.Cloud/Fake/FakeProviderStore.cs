using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Fake;

/// <summary>
/// The in-memory <c>fake</c> provider (as in ESO): <c>spec.provider.fake.data[]</c> entries of key, value or valueMap,
/// and optional version. Counts its calls in <see cref="ProviderCallCounter"/> so tests can prove deduplication.
/// PushSecrets write to it as to ESO's: a pushed key is read back by later reads of that key (no version), and a key the
/// spec's <c>data</c> holds is refused (ESO's <c>key already exists</c>). Unlike ESO's fake, whose delete does nothing,
/// a PushSecret's <c>deletionPolicy: Delete</c> removes what it pushed (never a spec entry), so the policy can be tried
/// locally; a <c>remoteRef.property</c> writes one field of a JSON object, as every writer here does.
/// </summary>
internal sealed class FakeProviderStore(JsonObject spec, ProviderCallCounter counter, string storeIdentity) : ISecretStore, ISecretStoreWriter
{
    public string Provider => "fake";

    /// <summary>What PushSecrets wrote to this store (shared by every client of the store).</summary>
    public ConcurrentDictionary<string, byte[]> Pushed { get; init; } = new(StringComparer.Ordinal);

    private IEnumerable<(string Key, string? Version, string Value)> SpecEntries() =>
        SpecJson.Objects(spec["data"]).Select(d => (SpecJson.Str(d["key"]) ?? "", SpecJson.Str(d["version"]),
            d["valueMap"] is JsonObject m ? m.ToJsonString() : SpecJson.Str(d["value"]) ?? ""));

    /// <summary>The spec's entries, then the pushed values (as entries without a version).</summary>
    private IEnumerable<(string Key, string? Version, byte[] Value)> Entries() =>
        SpecEntries().Select(e => (e.Key, e.Version, Encoding.UTF8.GetBytes(e.Value)))
            .Concat(Pushed.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, (string?)null, kv.Value)));

    public Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        counter.Record(storeIdentity, reference.Key);
        var match = Entries().Where(e => e.Key == reference.Key && (reference.Version is null || e.Version == reference.Version)).ToList();
        if (match.Count == 0) throw new SecretNotFoundException(Provider, reference.Key);
        var value = match[^1].Value;
        if (reference.Property is { } p) value = ProviderValues.Select(Provider, reference.Key, value, p);
        return Task.FromResult(new SecretValue(value, match[^1].Version));
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        var value = await GetSecretAsync(reference, cancellationToken);
        return ProviderValues.ToMap(Provider, reference.Key, value.Value);
    }

    public Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        counter.Record(storeIdentity, "find:" + query.NameRegex + ":" + query.Path);
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var name = query.NameFilter();
        foreach (var (key, _, value) in Entries())
        {
            if (!name(key)) continue;
            if (query.Path is { } path && !key.StartsWith(path, StringComparison.Ordinal)) continue;
            if (query.Tags is { Count: > 0 }) continue; // the fake provider has no tags
            result[key] = value;
        }
        return Task.FromResult<IReadOnlyDictionary<string, byte[]>>(result);
    }

    public Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var current = Pushed.TryGetValue(reference.RemoteKey, out var pushed) ? pushed
            : SpecEntries().Where(e => e.Key == reference.RemoteKey).Select(e => Encoding.UTF8.GetBytes(e.Value)).LastOrDefault();
        return Task.FromResult(PushValues.Holds(current, reference.Property));
    }

    public Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (SpecEntries().Any(e => e.Key == reference.RemoteKey))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"fake: key '{Echo.Bounded(reference.RemoteKey)}' already exists in the store's spec.provider.fake.data; a push writes only keys the spec does not hold");
        }
        Pushed.AddOrUpdate(reference.RemoteKey, _ => PushValues.Merge(null, reference.Property, value),
            (_, existing) => PushValues.Merge(existing, reference.Property, value));
        return Task.CompletedTask;
    }

    public Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Property is not { } property || !Pushed.TryGetValue(reference.RemoteKey, out var existing))
        {
            Pushed.TryRemove(reference.RemoteKey, out _);
            return Task.CompletedTask;
        }
        if (PushValues.Remove(existing, property) is { } rest) Pushed[reference.RemoteKey] = rest;
        else Pushed.TryRemove(reference.RemoteKey, out _);
        return Task.CompletedTask;
    }
}
