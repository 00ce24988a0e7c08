using System.Text;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Runtime.Sharding;

/// <summary>
/// Which shard an object belongs to: a stable 64-bit FNV-1a hash of its shard key, modulo the shard count. An
/// ExternalSecret's key is the store plus remote key of its first entry (<c>data</c>, else <c>dataFrom.extract</c>), so
/// every ExternalSecret reading one remote key lands on one replica and that key is read once per interval in the whole
/// cluster; one without such an entry (find, generators) is keyed by its namespace and name. Every other kind is keyed by
/// its namespace and name.
/// </summary>
internal static class ShardKey
{
    /// <summary>The shard of <paramref name="key"/> among <paramref name="shards"/>.</summary>
    public static int Of(string key, int shards)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }
        return (int)(hash % (ulong)shards);
    }

    /// <summary>The shard key of an ExternalSecret (see the type's summary).</summary>
    public static string For(ExternalSecretResource es)
    {
        foreach (var entry in es.Data)
        {
            if (entry.Ref.Key.Length > 0 && (entry.SourceStore ?? es.Store) is { } store) return StoreKey(store, es.Namespace, entry.Ref.Key);
        }
        foreach (var entry in es.DataFrom)
        {
            if (entry.Extract is { Key.Length: > 0 } extract && (entry.SourceStore ?? es.Store) is { } store) return StoreKey(store, es.Namespace, extract.Key);
        }
        return es.Key;
    }

    private static string StoreKey(StoreRef store, string ns, string remoteKey) =>
        store.Kind == StoreKind.ClusterSecretStore ? $"ClusterSecretStore//{store.Name}\n{remoteKey}" : $"SecretStore/{ns}/{store.Name}\n{remoteKey}";
}
