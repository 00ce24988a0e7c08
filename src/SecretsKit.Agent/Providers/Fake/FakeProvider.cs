using System.Text.Json.Nodes;
using SecretsKit.Agent.Metrics;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Agent.Providers.Fake;

/// <summary>The agent-only in-memory <c>fake</c> provider (ESO's), counting its reads in <paramref name="counter"/>.</summary>
internal sealed class FakeProvider(ProviderCallCounter counter) : ISecretStoreProvider
{
    public string Name => "fake";

    public IReadOnlyList<string> Fields { get; } = ["data"];

    public IReadOnlyList<RefScheme> RefSchemes { get; } = [];

    public string? UnsupportedValue(JsonObject spec) => null;

    public Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult<ISecretStore>(new FakeProviderStore(spec.Spec, counter, spec.StoreName));
}
