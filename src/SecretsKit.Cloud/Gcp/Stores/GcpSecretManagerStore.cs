using System.Globalization;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Gcp.Stores;

/// <summary>
/// GCP Secret Manager as a secret store (ESO's <c>gcpsm</c>): a version is a number or <c>latest</c>
/// (<paramref name="defaultVersion"/> when not given), a property selects a JSON field of the payload, find filters by
/// labels on the server and by name regex here. Payload CRC32C is checked on reads and sent on writes. Pushing
/// creates the secret (labelled <c>managed-by: secretskit</c>) when missing and adds a version when the value changed;
/// a secret without that label is never written or deleted (<see cref="PushOwnership"/>). A push's metadata
/// (<see cref="GcpPushMetadata"/>) sets labels, annotations, topics, replication and CMEK key on creation, and labels
/// and annotations on every later whole-secret push, as ESO does.
/// </summary>
internal sealed class GcpSecretManagerStore(GcpSecretManagerClient client, string defaultVersion = "latest") : ISecretStore, ISecretStoreWriter
{
    public const string ProviderName = "gcpsm";

    public string Provider => ProviderName;

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var raw = await ReadAsync(reference.Key, reference.Version, cancellationToken)
            ?? throw new SecretNotFoundException(Provider, Describe(reference));
        var value = reference.Property is null ? raw : ProviderValues.Select(Provider, Describe(reference), raw, reference.Property);
        return new SecretValue(value, reference.Version ?? defaultVersion);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var raw = await ReadAsync(reference.Key, reference.Version, cancellationToken)
            ?? throw new SecretNotFoundException(Provider, Describe(reference));
        return ProviderValues.MapAt(Provider, Describe(reference), raw, reference.Property);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Path is { Length: > 0 })
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{ProviderName}: find by path is not supported by Secret Manager; use a name regex or tags");
        }
        var matches = query.NameFilter();
        var filter = query.Tags is { Count: > 0 } tags ? string.Join(" AND ", tags.Select(t => $"labels.{t.Key}={t.Value}")) : null;
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var secret in await client.ListAsync(filter, cancellationToken))
        {
            var id = secret.Name?[(secret.Name.LastIndexOf('/') + 1)..] ?? "";
            if (id.Length == 0 || !matches(id)) continue;
            if (query.Tags is { Count: > 0 } wanted && !wanted.All(t => secret.Labels?.GetValueOrDefault(t.Key) == t.Value)) continue;
            if (await ReadAsync(id, null, cancellationToken) is { } value) result[id] = value;
        }
        return result;
    }

    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return PushValues.Holds(await ReadAsync(reference.RemoteKey, "latest", cancellationToken), reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var metadata = GcpPushMetadata.Read(reference, client.Regional);
        var secret = await client.GetSecretAsync(reference.RemoteKey, cancellationToken);
        if (secret is null)
        {
            await client.CreateSecretAsync(reference.RemoteKey, metadata.NewSecret(client.Regional), cancellationToken);
        }
        else if (!PushOwnership.IsManaged(secret.Labels))
        {
            throw PushOwnership.NotManaged(Provider, reference.RemoteKey);
        }
        else if (string.IsNullOrEmpty(reference.Property))
        {
            // ESO: a whole-secret push sets the labels (by mergePolicy) and replaces the annotations; a property push keeps both
            var labels = metadata.LabelsOver(secret.Labels);
            var annotations = new Dictionary<string, string>(metadata.Annotations, StringComparer.Ordinal);
            if (!SameMap(secret.Labels, labels) || !SameMap(secret.Annotations, annotations))
            {
                await client.UpdateMetadataAsync(reference.RemoteKey, new GcpSecretMetadataUpdate(labels, annotations), cancellationToken);
            }
        }
        var existing = secret is null ? null : await ReadAsync(reference.RemoteKey, "latest", cancellationToken);
        var updated = PushValues.Merge(existing, reference.Property, value);
        if (existing is not null && existing.AsSpan().SequenceEqual(updated)) return;
        await client.AddVersionAsync(reference.RemoteKey, updated, cancellationToken);
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        // absent, or someone else's (no managed-by label): never deleted
        if (await client.GetSecretAsync(reference.RemoteKey, cancellationToken) is not { } secret || !PushOwnership.IsManaged(secret.Labels)) return;
        if (reference.Property is { } property
            && PushValues.Remove(await ReadAsync(reference.RemoteKey, "latest", cancellationToken), property) is { } rest)
        {
            await client.AddVersionAsync(reference.RemoteKey, rest, cancellationToken);
            return;
        }
        await client.DeleteSecretAsync(reference.RemoteKey, cancellationToken);
    }

    /// <summary>The payload bytes, null when the secret or version does not exist; a checksum mismatch is an error.</summary>
    private async Task<byte[]?> ReadAsync(string secretId, string? version, CancellationToken cancellationToken)
    {
        if (await client.AccessAsync(secretId, version ?? defaultVersion, cancellationToken) is not { } payload) return null;
        var data = Convert.FromBase64String(payload.Data ?? "");
        if (payload.DataCrc32C is { } crc && crc != Crc32C.Compute(data).ToString(CultureInfo.InvariantCulture))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{ProviderName}: secret '{secretId}' arrived corrupted (CRC32C mismatch)");
        }
        return data;
    }

    private static bool SameMap(Dictionary<string, string>? existing, Dictionary<string, string> wanted) =>
        (existing?.Count ?? 0) == wanted.Count && wanted.All(kv => existing!.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private string Describe(SecretRef reference) => $"{client.SecretName(reference.Key)}@{reference.Version ?? defaultVersion}";
}
