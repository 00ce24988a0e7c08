using System.Text;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// Reads one key of a Kubernetes Secret (or a ConfigMap, for a CA) referenced by a store's auth section, in one place for
/// every provider, with ESO's namespace rules: a SecretStore reads only its own namespace (a reference naming another is
/// refused); a ClusterSecretStore reads the namespace the reference names, else (ESO's referent auth) the namespace of the
/// ExternalSecret or PushSecret it serves (<see cref="StoreResource.ReferentNamespace"/>; such a store's clients and
/// fetched values are kept per namespace, <see cref="StoreScope"/>). A CA (<c>caProvider</c>, ConfigMaps) must name its
/// namespace in a ClusterSecretStore, as in ESO.
/// </summary>
internal sealed class SecretReader(KubernetesClient client)
{
    /// <summary>The decoded value.</summary>
    public async Task<string> ReadAsync(StoreResource store, SecretKeySelector? selector, string field, CancellationToken ct)
    {
        var (secret, ns) = await ReadSecretAsync(store, selector, field, ct);
        var key = selector!;
        var b64 = Json.Str(secret["data"]?[key.Key])
            ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: secret {ns}/{key.Name} has no key '{key.Key}' ({field})");
        return Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Trim();
    }

    /// <summary>Every key of the referenced Secret (the selector's key is not used), under the same namespace rules.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReadAllAsync(StoreResource store, SecretKeySelector? selector, string field, CancellationToken ct)
    {
        var (secret, _) = await ReadSecretAsync(store, selector, field, ct);
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in secret["data"] as System.Text.Json.Nodes.JsonObject ?? []) data[key] = Convert.FromBase64String(Json.Str(value) ?? "");
        return data;
    }

    /// <summary>One key of a ConfigMap (a store's <c>caProvider</c> of type ConfigMap), under the same namespace rules.</summary>
    public async Task<string> ReadConfigMapAsync(StoreResource store, SecretKeySelector? selector, string field, CancellationToken ct)
    {
        var (configMap, ns) = await ReadObjectAsync(ResourceTypes.ConfigMap, "configmap", store, selector, field, ct);
        return Json.Str(configMap["data"]?[selector!.Key])
            ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: configmap {ns}/{selector!.Name} has no key '{selector.Key}' ({field})");
    }

    private Task<(System.Text.Json.Nodes.JsonObject Secret, string Namespace)> ReadSecretAsync(StoreResource store, SecretKeySelector? selector, string field, CancellationToken ct) =>
        ReadObjectAsync(ResourceTypes.Secret, "secret", store, selector, field, ct);

    private async Task<(System.Text.Json.Nodes.JsonObject Object, string Namespace)> ReadObjectAsync(ResourceType type, string kind, StoreResource store,
        SecretKeySelector? selector, string field, CancellationToken ct)
    {
        if (selector is null) throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: {field} is required");
        var ns = store.Kind == StoreKind.SecretStore ? store.Namespace : selector.Namespace ?? (StoreScope.IsReferentField(field, kind) ? store.ReferentNamespace : null);
        if (ns is null)
        {
            throw new ReconcileException(Messages.StoreInvalid, StoreScope.IsReferentField(field, kind)
                ? $"ClusterSecretStore {store.Name}: {field} names no namespace, so it is read in the namespace of each ExternalSecret that uses the store, and none is known here"
                : $"ClusterSecretStore {store.Name}: {field}.namespace is required");
        }
        if (store.Kind == StoreKind.SecretStore && selector.Namespace is { } other && other != store.Namespace)
        {
            throw new ReconcileException(Messages.StoreInvalid, $"SecretStore {store.Namespace}/{store.Name}: {field} may not reference namespace '{other}'");
        }
        var found = await client.TryGetAsync(type, ns, selector.Name, ct)
            ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: {kind} {ns}/{selector.Name} ({field}) not found");
        return (found, ns);
    }
}
