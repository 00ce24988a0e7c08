using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Providers;

/// <summary>A store's secret references read from Kubernetes Secrets (namespace rules in <see cref="SecretReader"/>).</summary>
internal sealed class KubeStoreCredentials(SecretReader secrets, StoreResource store) : IStoreCredentials
{
    public Task<string> ReadAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        secrets.ReadAsync(store, SecretKeySelector.Parse(selector), field, cancellationToken);

    public Task<string> ReadConfigMapAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        secrets.ReadConfigMapAsync(store, SecretKeySelector.Parse(selector), field, cancellationToken);

    /// <summary>Every key of the referenced Secret (ESO's webhook provider offers whole Secrets to its templates).</summary>
    public Task<IReadOnlyDictionary<string, byte[]>> ReadAllAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        secrets.ReadAllAsync(store, SecretKeySelector.Parse(selector), field, cancellationToken);
}
