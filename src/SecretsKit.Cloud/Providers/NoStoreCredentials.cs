using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>Credentials for stores built from the environment alone: any secret reference is a configuration error.</summary>
public sealed class NoStoreCredentials : IStoreCredentials
{
    public static NoStoreCredentials Instance { get; } = new();

    public Task<string> ReadAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        throw new StoreConfigException($"{field}: secret references are not available here");
}
