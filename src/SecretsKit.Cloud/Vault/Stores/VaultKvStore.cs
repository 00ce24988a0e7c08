using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Vault.Stores;

/// <summary>
/// Vault KV secrets engine (v1 or v2) as a secret store, read the way ESO's <c>vault</c> provider reads it: a
/// property selects a (dotted, nested) field of the secret's data, no property returns the whole data as JSON,
/// a version reads <c>?version=N</c> (v2 only), and find walks <c>LIST</c> under a path prefix.
/// </summary>
public sealed partial class VaultKvStore : ISecretStore, IValidatingStore
{
    private readonly VaultClient _client;
    private readonly string _mount;
    private readonly int _version;

    /// <param name="client">A client for the Vault server.</param>
    /// <param name="mount">The KV mount path. <value>Default <c>secret</c>.</value></param>
    /// <param name="kvVersion">1 or 2. <value>Default 2.</value></param>
    public VaultKvStore(VaultClient client, string mount = "secret", int kvVersion = 2)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (kvVersion is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(kvVersion), kvVersion, "KV version must be 1 or 2");
        _client = client;
        _mount = mount.Trim('/');
        _version = kvVersion;
    }

    public string Provider => "vault";

    /// <summary>ESO's validation of a Vault store: log in and look the token up.</summary>
    public Task ValidateAsync(CancellationToken cancellationToken) => _client.LookupSelfAsync(cancellationToken);

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (data, metadata) = await ReadAsync(reference, cancellationToken);
        var version = metadata.TryGetValue("version", out var v) ? v : null;
        if (reference.Property is null)
        {
            return new SecretValue(ProviderValues.Utf8(data), version, metadata);
        }
        return new SecretValue(ProviderValues.Select(Provider, Describe(reference), ProviderValues.Utf8(data), reference.Property), version, metadata);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (data, _) = await ReadAsync(reference, cancellationToken);
        return ProviderValues.MapAt(Provider, Describe(reference), ProviderValues.Utf8(data), reference.Property);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Tags is { Count: > 0 } && _version == 1)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"vault: finding by tags needs KV v2 custom metadata, but mount '{_mount}' is KV v1");
        }
        var matches = query.NameFilter();
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in await ListRecursiveAsync(Normalize(query.Path ?? ""), cancellationToken))
        {
            if (!matches(path)) continue;
            if (query.Tags is { Count: > 0 } tags && !await HasTagsAsync(path, tags, cancellationToken)) continue;
            var (data, _) = await ReadAsync(new SecretRef(path), cancellationToken);
            result[path] = Encoding.UTF8.GetBytes(data.ToJsonString());
        }
        return result;
    }

    private async Task<(JsonObject Data, IReadOnlyDictionary<string, string> Metadata)> ReadAsync(SecretRef reference, CancellationToken cancellationToken)
    {
        var path = Normalize(reference.Key);
        if (_version == 1)
        {
            if (reference.Version is not null)
            {
                throw new SecretsKitException(ExitCodes.Generic, $"vault: secret '{_mount}/{path}' is on KV v1, which has no versions (asked for version '{reference.Version}')");
            }
            var v1 = await _client.ReadAsync($"{_mount}/{path}", cancellationToken);
            return v1?["data"] is JsonObject d1
                ? (d1, new Dictionary<string, string>())
                : throw new SecretNotFoundException(Provider, Describe(reference));
        }
        var query = reference.Version is null ? "" : "?version=" + Uri.EscapeDataString(reference.Version);
        var v2 = await _client.ReadAsync($"{_mount}/data/{path}{query}", cancellationToken);
        if (v2?["data"] is not JsonObject envelope || envelope["data"] is not JsonObject data)
        {
            throw new SecretNotFoundException(Provider, Describe(reference),
                reference.Version is null ? null : $"version {reference.Version} does not exist or was deleted");
        }
        return (data, ReadMetadata(envelope["metadata"] as JsonObject));
    }

    private static IReadOnlyDictionary<string, string> ReadMetadata(JsonObject? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is null) return result;
        foreach (var (key, value) in metadata)
        {
            if (key == "custom_metadata" && value is JsonObject custom)
            {
                foreach (var (ck, cv) in custom)
                {
                    result["custom_metadata." + ck] = cv is null ? "" : Encoding.UTF8.GetString(ProviderValues.ToBytes(cv));
                }
            }
            else if (value is JsonValue)
            {
                result[key] = Encoding.UTF8.GetString(ProviderValues.ToBytes(value));
            }
        }
        return result;
    }

    private async Task<bool> HasTagsAsync(string path, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var response = await _client.ReadAsync($"{_mount}/metadata/{path}", cancellationToken);
        var custom = response?["data"]?["custom_metadata"] as JsonObject;
        return tags.All(t => custom is not null && custom.TryGetPropertyValue(t.Key, out var v) && v?.GetValue<string>() == t.Value);
    }

    private async Task<List<string>> ListRecursiveAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var pending = new Queue<string>();
        pending.Enqueue(prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/");
        while (pending.Count > 0)
        {
            var folder = pending.Dequeue();
            var listPath = _version == 2 ? $"{_mount}/metadata/{folder}" : $"{_mount}/{folder}";
            foreach (var key in await _client.ListAsync(listPath.TrimEnd('/'), cancellationToken))
            {
                if (key.EndsWith('/')) pending.Enqueue(folder + key);
                else found.Add(folder + key);
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Accepts <c>path</c>, <c>/path</c>, <c>mount/path</c> and, on v2, <c>mount/data/path</c>.</summary>
    private string Normalize(string key)
    {
        var path = key.Trim('/');
        if (path.StartsWith(_mount + "/", StringComparison.Ordinal)) path = path[(_mount.Length + 1)..];
        if (_version == 2 && path.StartsWith("data/", StringComparison.Ordinal)) path = path[5..];
        return path;
    }

    private string Describe(SecretRef reference) =>
        $"{_mount}/{Normalize(reference.Key)}{(reference.Version is null ? "" : "@" + reference.Version)}";
}
