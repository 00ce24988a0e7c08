using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Cloud.Kubernetes.Stores;

/// <summary>
/// PushSecret as ESO's <c>kubernetes</c> provider writes, through the remote API with the store's credentials: the remote
/// key is a Secret of <c>remoteNamespace</c> (a ClusterSecretStore's PushSecret may name another in its metadata, as in
/// ESO; the store's credentials decide whether it may write there). Without a property the Secret's data becomes the
/// source Secret's data (a <c>secretKey</c> then needs a property, as in ESO); with one, that key is set to the pushed
/// value and the others kept. The type is the source's (Opaque when it has none); labels and annotations are merged by
/// <see cref="KubernetesPushMetadata"/>. A delete removes the property, or the Secret when it was its last key or there
/// is no property. Ownership (<see cref="PushOwnership"/>): a Secret the agent creates carries the label
/// <c>managed-by: secretskit</c>; one without it is never overwritten (refused) nor changed or deleted (left in place).
/// Updates and deletes carry the resourceVersion read, so a Secret replaced in between is never written over.
/// </summary>
internal sealed partial class KubernetesSecretStore : ISecretStoreWriter
{
    private static bool Managed(JsonObject secret) => PushOwnership.IsManaged(secret.GetLabels());

    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var secret = await client.TryGetAsync(ResourceTypes.Secret, Namespace(reference), reference.RemoteKey, cancellationToken);
        return secret is not null && (string.IsNullOrEmpty(reference.Property) || secret["data"]?[reference.Property] is not null);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(value);
        var source = reference.Source;
        if (string.IsNullOrEmpty(reference.Property) && source?.SecretKey is { Length: > 0 })
        {
            throw new SecretsKitException(ExitCodes.Generic, "kubernetes: requires property in RemoteRef to push secret value if secret key is defined");
        }
        var meta = KubernetesPushMetadata.Parse(reference.Metadata);
        var ns = Namespace(reference, meta);
        var existing = await client.TryGetAsync(ResourceTypes.Secret, ns, reference.RemoteKey, cancellationToken);
        if (existing is not null && !Managed(existing)) throw PushOwnership.NotManaged(Provider, $"{ns}/{reference.RemoteKey}");

        var data = string.IsNullOrEmpty(reference.Property)
            ? new Dictionary<string, byte[]>(source?.Data ?? WholeValue(value), StringComparer.Ordinal)
            : new Dictionary<string, byte[]>(existing is null ? new Dictionary<string, byte[]>() : Data(existing), StringComparer.Ordinal) { [reference.Property] = value };
        var (labels, annotations) = KubernetesPushMetadata.Merge(meta, source,
            existing?.GetLabels() ?? new Dictionary<string, string>(), existing?.GetAnnotations() ?? new Dictionary<string, string>());
        labels[PushOwnership.Key] = PushOwnership.Value;

        var secret = (existing?.DeepClone() as JsonObject) ?? KubeObjectMetadata.New(ResourceTypes.Secret, reference.RemoteKey, ns);
        secret["type"] = source?.Type is { Length: > 0 } type ? type : "Opaque";
        secret.Metadata()["labels"] = StringMap(labels);
        if (annotations.Count > 0) secret.Metadata()["annotations"] = StringMap(annotations);
        else secret.Metadata().Remove("annotations");
        secret["data"] = new JsonObject(data.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(kv.Value))));
        if (existing is null)
        {
            await client.CreateAsync(ResourceTypes.Secret, secret, cancellationToken);
        }
        else if (!JsonNode.DeepEquals(existing, secret))
        {
            await client.ReplaceAsync(ResourceTypes.Secret, secret, cancellationToken); // at the resourceVersion read
        }
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var ns = Namespace(reference);
        var existing = await client.TryGetAsync(ResourceTypes.Secret, ns, reference.RemoteKey, cancellationToken);
        if (existing is null || !Managed(existing)) return; // gone, or someone else's: never deleted
        if (!string.IsNullOrEmpty(reference.Property))
        {
            if (existing["data"] is not JsonObject data || !data.ContainsKey(reference.Property)) return;
            if (data.Count > 1)
            {
                data.Remove(reference.Property);
                await client.ReplaceAsync(ResourceTypes.Secret, existing, cancellationToken);
                return;
            }
        }
        try
        {
            await client.DeleteAsync(ResourceTypes.Secret, ns, reference.RemoteKey,
                new DeleteOptions { PreconditionResourceVersion = existing.GetResourceVersion() }, cancellationToken);
        }
        catch (SecretsKit.Kubernetes.Errors.KubernetesNotFoundException)
        {
            // deleted meanwhile: what a delete wants
        }
    }

    /// <summary>The namespace a push goes to: the store's, or a ClusterSecretStore's PushSecret's <c>remoteNamespace</c>.</summary>
    private string Namespace(PushRef reference, KubernetesPushMetadata? meta = null)
    {
        meta ??= KubernetesPushMetadata.Parse(reference.Metadata);
        if (meta?.RemoteNamespace is not { } other) return ns;
        return clusterStore ? other : throw new StoreConfigException("kubernetes: remoteNamespace override is only supported with ClusterSecretStore");
    }

    /// <summary>Without a source (not from a PushSecret), a whole-Secret push is the value's JSON object of strings.</summary>
    private static Dictionary<string, byte[]> WholeValue(byte[] value)
    {
        try
        {
            if (JsonNode.Parse(value) is JsonObject obj)
            {
                return obj.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(SpecJson.Str(kv.Value) ?? kv.Value?.ToJsonString() ?? ""), StringComparer.Ordinal);
            }
        }
        catch (JsonException)
        {
        }
        throw new SecretsKitException(ExitCodes.Generic, "kubernetes: a push without property needs the source Secret's data");
    }

    private static JsonObject StringMap(Dictionary<string, string> map) =>
        new(map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}
