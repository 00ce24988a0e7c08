using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// Resolves the secret references of a store spec (<c>{name, key, namespace}</c>). The agent reads Kubernetes Secrets;
/// deploy has no such references and uses <see cref="NoStoreCredentials"/>.
/// </summary>
public interface IStoreCredentials
{
    /// <summary>The referenced value. <paramref name="field"/> is the spec path, for messages (<c>auth.tokenSecretRef</c>).</summary>
    Task<string> ReadAsync(JsonNode? selector, string field, CancellationToken cancellationToken);

    /// <summary>One key of a ConfigMap (<c>caProvider</c> of type ConfigMap), under the same namespace rules as Secrets.</summary>
    Task<string> ReadConfigMapAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        throw new StoreConfigException($"{field}: ConfigMaps are not available here");

    /// <summary>Every key of the referenced Secret (ESO's webhook provider offers whole Secrets to its templates).</summary>
    Task<IReadOnlyDictionary<string, byte[]>> ReadAllAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        throw new StoreConfigException($"{field}: whole Secrets are not available here");
}
