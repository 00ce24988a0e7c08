using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>
/// One provider with its event channel for <see cref="ChangeEventsBench"/>: the provider fake holding the bench keys
/// (properties <c>password</c> and <c>user</c>), the annotated SecretStore, and the event the provider publishes on a write.
/// </summary>
internal interface IBenchEventSource : IAsyncDisposable
{
    /// <summary>The SecretStore the ExternalSecrets name.</summary>
    string Store { get; }

    /// <summary>Environment of the agent process (endpoint overrides pointing at the fakes).</summary>
    IReadOnlyDictionary<string, string> AgentEnvironment { get; }

    /// <summary>The remote key of bench key <paramref name="key"/>, as the ExternalSecrets name it.</summary>
    string KeyName(int key);

    /// <summary>Provider reads so far (the calls that fetch a key's value).</summary>
    int Reads { get; }

    /// <summary>Every call the provider fake answered so far.</summary>
    int Calls { get; }

    /// <summary>The bench key index (<see cref="KeyName"/>) of each provider read, in order; -1 for another path.</summary>
    IReadOnlyList<int> ReadKeys();

    /// <summary>
    /// When the provider fake first received a read of <paramref name="key"/> at or after <paramref name="since"/> (UTC), or
    /// null (none, or a source that does not split its latency).
    /// </summary>
    DateTime? FirstReadAfter(int key, DateTime since) => null;

    /// <summary>True once the agent is subscribed to the store's events.</summary>
    bool Subscribed(FakeKubeApiServer kube);

    /// <summary>Writes <paramref name="password"/> to key <paramref name="key"/> and publishes the provider's event of that write.</summary>
    void Change(int key, string password);
}
