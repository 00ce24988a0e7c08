using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Vault.Stores;

/// <summary>
/// PushSecret writes to KV: the secret's data is a JSON object, so a value pushed without a property must be one; a
/// property is one field of it. v2 writes a new version (<c>POST mount/data/path</c>) only when the data changed, and
/// delete removes every version and the metadata (<c>DELETE mount/metadata/path</c>); v1 writes and deletes in place.
/// On v2 a new secret is first marked <c>custom_metadata.managed-by: secretskit</c>, and an existing one is overwritten
/// or deleted only when it carries that mark (<see cref="PushOwnership"/>).
/// </summary>
public sealed partial class VaultKvStore : ISecretStoreWriter
{
    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(await CurrentAsync(reference.RemoteKey, cancellationToken), reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var managed = await ManagedAsync(reference.RemoteKey, cancellationToken);
        if (managed == false) throw PushOwnership.NotManaged(Provider, $"{_mount}/{Normalize(reference.RemoteKey)}");
        var existing = await CurrentAsync(reference.RemoteKey, cancellationToken);
        var updated = PushValues.Merge(existing, reference.Property, value);
        if (existing is not null && existing.AsSpan().SequenceEqual(updated)) return;
        if (JsonBody.TryParse(updated) is not JsonObject data)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"vault: a value pushed to '{_mount}/{Normalize(reference.RemoteKey)}' without remoteRef.property must be a JSON object");
        }
        if (managed is null && _version == 2)
        {
            // claimed before the first version is written, so the secret never exists without the marker
            await _client.SendAsync(HttpMethod.Post, $"{_mount}/metadata/{Normalize(reference.RemoteKey)}",
                new JsonObject { ["custom_metadata"] = new JsonObject { [PushOwnership.Key] = PushOwnership.Value } }, cancellationToken);
        }
        await WriteAsync(reference.RemoteKey, data, cancellationToken);
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (await ManagedAsync(reference.RemoteKey, cancellationToken) == false) return; // someone else's: never deleted
        if (reference.Property is { } property
            && PushValues.Remove(await CurrentAsync(reference.RemoteKey, cancellationToken), property) is { } rest
            && JsonBody.TryParse(rest) is JsonObject data)
        {
            await WriteAsync(reference.RemoteKey, data, cancellationToken);
            return;
        }
        var path = Normalize(reference.RemoteKey);
        await _client.SendAsync(HttpMethod.Delete, _version == 2 ? $"{_mount}/metadata/{path}" : $"{_mount}/{path}", null, cancellationToken);
    }

    /// <summary>
    /// KV v2: null when the path has no metadata (the secret does not exist), else whether its <c>custom_metadata</c>
    /// carries <see cref="PushOwnership"/>. KV v1 keeps no metadata: always null (no ownership check is possible there).
    /// </summary>
    private async Task<bool?> ManagedAsync(string key, CancellationToken cancellationToken)
    {
        if (_version != 2) return null;
        if (await _client.ReadAsync($"{_mount}/metadata/{Normalize(key)}", cancellationToken) is not { } response) return null;
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in response["data"]?["custom_metadata"] as JsonObject ?? [])
        {
            if (v is JsonValue value && value.TryGetValue<string>(out var text)) custom[k] = text;
        }
        return PushOwnership.IsManaged(custom);
    }

    private Task WriteAsync(string key, JsonObject data, CancellationToken cancellationToken)
    {
        var path = Normalize(key);
        return _version == 2
            ? _client.SendAsync(HttpMethod.Post, $"{_mount}/data/{path}", new JsonObject { ["data"] = data }, cancellationToken)
            : _client.SendAsync(HttpMethod.Post, $"{_mount}/{path}", data, cancellationToken);
    }

    private async Task<byte[]?> CurrentAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var (data, _) = await ReadAsync(new SecretRef(key), cancellationToken);
            return Encoding.UTF8.GetBytes(data.ToJsonString());
        }
        catch (SecretNotFoundException)
        {
            return null;
        }
    }
}
