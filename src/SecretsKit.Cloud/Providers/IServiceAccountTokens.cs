using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// The Kubernetes ServiceAccounts a store names (<c>serviceAccountRef: {name, namespace, audiences}</c>): tokens minted
/// with the TokenRequest API for each use (cached in memory until near expiry, never written anywhere) and the
/// annotations that name a cloud identity. The agent checks tenancy here: a SecretStore names only its own namespace.
/// Deploy has no ServiceAccounts (<see cref="NoServiceAccountTokens"/>).
/// </summary>
public interface IServiceAccountTokens
{
    /// <summary>
    /// A token for the ServiceAccount <paramref name="selector"/> names, bound to the selector's own <c>audiences</c>
    /// followed by <paramref name="audiences"/> (none at all: the API server's default audiences), valid for
    /// <paramref name="expirationSeconds"/> (null: the API server's default). <paramref name="field"/> is the spec path, for messages.
    /// </summary>
    Task<string> TokenAsync(JsonNode? selector, IReadOnlyList<string> audiences, long? expirationSeconds, string field, CancellationToken cancellationToken);

    /// <summary>The ServiceAccount's annotations (<c>eks.amazonaws.com/role-arn</c>, <c>azure.workload.identity/client-id</c>, …).</summary>
    Task<IReadOnlyDictionary<string, string>> AnnotationsAsync(JsonNode? selector, string field, CancellationToken cancellationToken);
}

/// <summary>No ServiceAccounts here: any <c>serviceAccountRef</c> is a configuration error.</summary>
public sealed class NoServiceAccountTokens : IServiceAccountTokens
{
    public static NoServiceAccountTokens Instance { get; } = new();

    public Task<string> TokenAsync(JsonNode? selector, IReadOnlyList<string> audiences, long? expirationSeconds, string field, CancellationToken cancellationToken) =>
        throw new StoreConfigException($"{field}: Kubernetes ServiceAccounts are not available here");

    public Task<IReadOnlyDictionary<string, string>> AnnotationsAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
        throw new StoreConfigException($"{field}: Kubernetes ServiceAccounts are not available here");
}
