using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Templates;
using SecretsKit.Core.Stores;
using SecretsKit.Go.Json;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// The bytes a <c>remoteRef</c> reads: the secret's value, or with <c>metadataPolicy: Fetch</c> its metadata as a JSON
/// object (as ESO's <c>json.Marshal</c> writes a string map: keys sorted, HTML characters escaped), from which
/// <c>property</c> then selects as from a value.
/// </summary>
internal sealed partial class ExternalSecretReconciler
{
    private static async Task<byte[]> ReadRemoteAsync(StoreResource store, ISecretStore provider, RemoteRef reference, FetchCache cache, Freshness freshness,
        CancellationToken ct)
    {
        if (reference.MetadataPolicy != "Fetch") return (await cache.GetAsync(store, provider, reference.Key, reference.Version, freshness, ct)).Value;
        if (provider is not ISecretMetadataReader reader)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"metadataPolicy Fetch is not supported by the {provider.Provider} provider (remote key '{Core.Errors.Echo.Bounded(reference.Key)}')");
        }
        var metadata = await reader.GetSecretMetadataAsync(reference.Key, ct);
        return GoJsonNodes.Marshal(metadata.ToDictionary(kv => kv.Key, kv => (JsonNode?)JsonValue.Create(kv.Value), StringComparer.Ordinal), escapeHtml: true);
    }
}
