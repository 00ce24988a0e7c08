using System.Collections.Concurrent;

namespace SecretsKit.Cloud.Fake;

/// <summary>
/// What PushSecrets wrote to the <c>fake</c> stores, per store (kind, namespace, name), for as long as the agent runs, as
/// ESO's fake provider keeps them in memory: a rebuilt client (a changed store) still sees them, the spec's own
/// <c>data</c> entries are never among them.
/// </summary>
public sealed class FakePushedValues
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _stores = new(StringComparer.Ordinal);

    /// <summary>The pushed values of one store (remote key → value), created empty on first use.</summary>
    internal ConcurrentDictionary<string, byte[]> Of(string store) =>
        _stores.GetOrAdd(store, _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
}
