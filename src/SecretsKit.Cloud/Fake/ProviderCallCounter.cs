using System.Collections.Concurrent;

namespace SecretsKit.Cloud.Fake;

/// <summary>Counts calls per store identity and remote key (the <c>fake</c> provider's reads, so tests can prove deduplication).</summary>
public sealed class ProviderCallCounter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public int CallsFor(string remoteKey) => _calls.Where(kv => kv.Key.EndsWith("|" + remoteKey, StringComparison.Ordinal)).Sum(kv => kv.Value);

    public void Record(string store, string remoteKey)
    {
        Interlocked.Increment(ref _total);
        _calls.AddOrUpdate(store + "|" + remoteKey, 1, (_, n) => n + 1);
    }
}
