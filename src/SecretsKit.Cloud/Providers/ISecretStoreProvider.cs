using System.Text.Json.Nodes;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// A secret-store provider: the <c>spec.provider.&lt;Name&gt;</c> section it understands, how to build its
/// <see cref="ISecretStore"/> (which may also be an <see cref="ISecretStoreWriter"/>) from that section, and the
/// <c>ref+&lt;scheme&gt;://</c> forms deploy resolves through it. Registered with one line in <see cref="SecretStoreProviders"/>.
/// </summary>
public interface ISecretStoreProvider
{
    /// <summary>The key under <c>spec.provider</c> (<c>vault</c>, <c>aws</c>, <c>azurekv</c>, <c>gcpsm</c>, …).</summary>
    string Name { get; }

    /// <summary>
    /// The dotted field paths under <c>spec.provider.&lt;Name&gt;</c> this provider implements. A field whose children
    /// are listed is checked child by child; one without is a leaf (a secret reference, a map).
    /// </summary>
    IReadOnlyList<string> Fields { get; }

    /// <summary>A supported field holding a value this provider does not implement (dotted path), or null.</summary>
    string? UnsupportedValue(JsonObject spec);

    /// <summary>The store for one store spec. Invalid configuration is a <see cref="StoreConfigException"/>.</summary>
    Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken);

    /// <summary>The <c>ref+…</c> schemes served by this provider (none for agent-only providers).</summary>
    IReadOnlyList<RefScheme> RefSchemes { get; }
}
