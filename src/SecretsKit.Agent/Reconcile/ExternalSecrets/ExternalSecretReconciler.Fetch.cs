using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile.Scheduling;
using SecretsKit.Agent.Reconcile.Stores;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Stores;

namespace SecretsKit.Agent.Reconcile.ExternalSecrets;

/// <summary>Fetch phase: data and dataFrom (stores and generators) → key → bytes (decoded, rewritten).</summary>
internal sealed partial class ExternalSecretReconciler
{
    private sealed record Fetched(Dictionary<string, byte[]> Data, bool AllMissing);

    private async Task<Fetched> FetchAsync(ExternalSecretResource es, StoreResolver stores, FetchCache cache, Freshness freshness, CancellationToken ct)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        int missing = 0, total = 0;
        foreach (var from in es.DataFrom)
        {
            total++;
            IReadOnlyDictionary<string, byte[]> map;
            if (from.Generator is { } generator)
            {
                foreach (var (k, v) in await _generators.GenerateAsync(generator, es.Namespace, ct)) data[Rewrite(k, from.Rewrites)] = v;
                continue;
            }
            var (store, provider) = await StoreAsync(from.SourceStore ?? es.Store, es, stores, ct);
            try
            {
                if (from.Extract is { } ex)
                {
                    var raw = await cache.GetAsync(store, provider, ex.Key, ex.Version, freshness, ct);
                    var bytes = ex.Property is { } p ? ValueMaps.Property(ex.Key, raw.Value, p, provider.Provider) : raw.Value;
                    map = ValueMaps.ToMap(ex.Key, bytes, provider.Provider).ToDictionary(kv => kv.Key, kv => Decode(kv.Value, ex.DecodingStrategy, ex.Key));
                }
                else if (from.Find is { } find)
                {
                    var found = await cache.FindAsync(store, provider, new SecretQuery(find.NameRegex, find.Tags, find.Path), freshness, ct);
                    map = found.ToDictionary(kv => kv.Key.Replace('/', '_'), kv => Decode(kv.Value, find.DecodingStrategy, kv.Key));
                }
                else continue;
            }
            catch (SecretNotFoundException)
            {
                missing++;
                if (es.Target.Deletion == DeletionPolicy.Retain) throw;
                continue;
            }
            foreach (var (k, v) in map) data[Rewrite(k, from.Rewrites)] = v;
        }
        foreach (var entry in es.Data)
        {
            total++;
            var (store, provider) = await StoreAsync(entry.SourceStore ?? es.Store, es, stores, ct);
            try
            {
                var raw = await cache.GetAsync(store, provider, entry.Ref.Key, entry.Ref.Version, freshness, ct);
                var bytes = entry.Ref.Property is { } p ? ValueMaps.Property(entry.Ref.Key, raw.Value, p, provider.Provider) : raw.Value;
                data[entry.SecretKey] = Decode(bytes, entry.Ref.DecodingStrategy, entry.Ref.Key);
            }
            catch (SecretNotFoundException)
            {
                missing++;
                if (es.Target.Deletion == DeletionPolicy.Retain) throw;
            }
        }
        return new Fetched(data, total > 0 && missing == total);
    }

    private async Task<(StoreResource, ISecretStore)> StoreAsync(StoreRef? reference, ExternalSecretResource es, StoreResolver stores, CancellationToken ct)
    {
        if (reference is null) throw new ReconcileException(Messages.SecretSyncedError, $"ExternalSecret {es.Key}: spec.secretStoreRef is required");
        var store = await stores.ResolveAsync(reference, es.Namespace, ct);
        return (store, await providers.GetAsync(store, ct));
    }

    private static string Rewrite(string key, IReadOnlyList<Resources.Rewrite> rewrites)
    {
        foreach (var r in rewrites) key = Regex.Replace(key, r.Source, r.Target, RegexOptions.None, TimeSpan.FromSeconds(1));
        return key;
    }

    /// <summary>decodingStrategy: None, Base64, Base64URL, Auto (try base64, base64url, else keep).</summary>
    internal static byte[] Decode(byte[] value, string strategy, string key)
    {
        switch (strategy)
        {
            case "None":
                return value;
            case "Base64":
            case "Base64URL":
                return TryDecode(value, strategy == "Base64URL")
                    ?? throw new ReconcileException(Messages.SecretSyncedError, $"value of '{key}' is not valid {strategy} (decodingStrategy)");
            case "Auto":
                return TryDecode(value, false) ?? TryDecode(value, true) ?? value;
            default:
                throw new ReconcileException(Messages.SecretSyncedError, $"unknown decodingStrategy '{strategy}' for '{key}'");
        }
    }

    private static byte[]? TryDecode(byte[] value, bool url)
    {
        var text = Encoding.ASCII.GetString(value).Trim();
        if (url) text = text.Replace('-', '+').Replace('_', '/');
        if (url && text.Length % 4 != 0) text = text.PadRight(text.Length + (4 - text.Length % 4), '=');
        if (!url && text.Contains('-', StringComparison.Ordinal)) return null;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
