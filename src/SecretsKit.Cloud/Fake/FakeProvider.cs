using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Fake;

/// <summary>
/// ESO's in-memory <c>fake</c> provider (<c>spec.provider.fake.data</c>), counting its reads in <see cref="Calls"/>, and
/// taking PushSecret pushes as ESO's does (kept in <see cref="Pushed"/> while the agent runs). It has no <c>ref+</c>
/// scheme, so only stores (the agent) reach it, never deploy's references.
/// </summary>
public sealed class FakeProvider : ISecretStoreProvider
{
    public string Name => "fake";

    /// <summary>The reads of every store this provider built (tests prove deduplication with it).</summary>
    public ProviderCallCounter Calls { get; } = new();

    /// <summary>The values PushSecrets pushed, per store.</summary>
    public FakePushedValues Pushed { get; } = new();

    public IReadOnlyList<string> Fields { get; } = ["data"];

    public IReadOnlyList<RefScheme> RefSchemes { get; } = [];

    public string? UnsupportedValue(JsonObject spec) => null;

    public Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult<ISecretStore>(new FakeProviderStore(spec.Spec, Calls, spec.StoreName)
        {
            Pushed = Pushed.Of($"{spec.StoreKind}/{spec.Namespace}/{spec.StoreName}"),
        });
}
