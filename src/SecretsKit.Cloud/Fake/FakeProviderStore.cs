using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Fake;

/// <summary>
/// The in-memory <c>fake</c> provider (as in ESO): <c>spec.provider.fake.data[]</c> entries of key, value or valueMap,
/// and optional version. Counts its calls in <see cref="ProviderCallCounter"/> so tests can prove deduplication.
/// </summary>
internal sealed class FakeProviderStore(JsonObject spec, ProviderCallCounter counter, string storeIdentity) : ISecretStore
{
    public string Provider => "fake";

    private IEnumerable<(string Key, string? Version, string Value)> Entries() =>
        SpecJson.Objects(spec["data"]).Select(d => (SpecJson.Str(d["key"]) ?? "", SpecJson.Str(d["version"]),
            d["valueMap"] is JsonObject m ? m.ToJsonString() : SpecJson.Str(d["value"]) ?? ""));

    public Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        counter.Record(storeIdentity, reference.Key);
        var match = Entries().Where(e => e.Key == reference.Key && (reference.Version is null || e.Version == reference.Version)).ToList();
        if (match.Count == 0) throw new SecretNotFoundException(Provider, reference.Key);
        var value = Encoding.UTF8.GetBytes(match[^1].Value);
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
        foreach (var (key, _, value) in Entries())
        {
            if (query.NameRegex is { } r && !Regex.IsMatch(key, r, RegexOptions.None, TimeSpan.FromSeconds(1))) continue;
            if (query.Path is { } path && !key.StartsWith(path, StringComparison.Ordinal)) continue;
            if (query.Tags is { Count: > 0 }) continue; // the fake provider has no tags
            result[key] = Encoding.UTF8.GetBytes(value);
        }
        return Task.FromResult<IReadOnlyDictionary<string, byte[]>>(result);
    }
}
