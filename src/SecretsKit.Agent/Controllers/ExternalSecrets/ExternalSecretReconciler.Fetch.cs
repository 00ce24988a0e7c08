using SecretsKit.Agent.Controllers.GeneratorStates;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Templates;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Patterns;
using SecretsKit.Core.Stores;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>Fetch phase: data and dataFrom (stores and generators) → key → bytes (decoded, rewritten).</summary>
internal sealed partial class ExternalSecretReconciler
{
    private sealed record Fetched(Dictionary<string, byte[]> Data, bool AllMissing);

    /// <summary>
    /// <paramref name="states"/> records each stateful generator run as soon as it returns (so a later failure rolls it
    /// back); after a spec change every other <c>dataFrom</c> index has its old states flagged, as ESO does.
    /// </summary>
    private async Task<Fetched> FetchAsync(ExternalSecretResource es, StoreResolver stores, FetchCache cache, Freshness freshness,
        GeneratorStateManager states, bool specChanged, CancellationToken ct)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var missing = 0;
        for (var i = 0; i < es.DataFrom.Count; i++)
        {
            if (!await FetchDataFromAsync(i, es, stores, cache, freshness, states, specChanged, data, ct)) missing++;
        }
        for (var i = 0; i < es.Data.Count; i++)
        {
            if (!await FetchDataAsync(i, es, stores, cache, freshness, data, ct)) missing++;
        }
        var total = es.DataFrom.Count + es.Data.Count;
        return new Fetched(data, total > 0 && missing == total);
    }

    /// <summary>
    /// <c>dataFrom[i]</c> into <paramref name="data"/>: a generator's run, or a store's extract or find. False when the
    /// store has no such secret and the deletion policy lets the sync go on without it.
    /// </summary>
    private async Task<bool> FetchDataFromAsync(int i, ExternalSecretResource es, StoreResolver stores, FetchCache cache, Freshness freshness,
        GeneratorStateManager states, bool specChanged, Dictionary<string, byte[]> data, CancellationToken ct)
    {
        var from = es.DataFrom[i];
        var stateKey = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (from.Generator is { } generator)
        {
            if (generator.ApiVersionError() is { } refused)
            {
                throw new ReconcileException(Messages.SecretSyncedError, $"error processing spec.dataFrom[{i}].sourceRef.generatorRef, err: unable to get generator: {refused}");
            }
            var run = await _generators.RunAsync(generator, es.Namespace, ct);
            states.SetLatest(stateKey, run);
            if (!run.HasState && specChanged) states.FlagAll(stateKey);
            foreach (var (k, v) in KeyPipeline($"spec.dataFrom[{i}].sourceRef.generatorRef", from.Rewrites, run.Values, conversion: null, decoding: "None", nullBytes: "Ignore"))
            {
                data[k] = v;
            }
            return true;
        }
        if (specChanged) states.FlagAll(stateKey);
        if (from.Find is { NameRegex: { Length: > 0 } pattern })
        {
            // ESO compiles find.name.regexp with Go's regexp before asking the provider (pkg/find)
            TenantPattern.Compile($"spec.dataFrom[{i}].find.name.regexp", pattern);
        }
        var (store, provider) = await StoreAsync(from.SourceStore ?? es.Store, es, stores, ct);
        try
        {
            var map = from.Extract is { } ex ? await ExtractMapAsync(i, from, ex, store, provider, cache, freshness, ct)
                : from.Find is { } find ? KeyPipeline($"spec.dataFrom[{i}].find", from.Rewrites,
                    await cache.FindAsync(store, provider, new SecretQuery(find.NameRegex, find.Tags, find.Path), freshness, ct),
                    find.ConversionStrategy, find.DecodingStrategy, find.NullBytePolicy)
                : null;
            foreach (var (k, v) in map ?? []) data[k] = v;
            return true;
        }
        catch (SecretNotFoundException) when (es.Target.Deletion != DeletionPolicy.Retain)
        {
            return false;
        }
        catch (InvalidPatternException e) when (from.Find is not null)
        {
            // a provider matches names itself (SecretQuery.NameFilter): the pattern is what is wrong
            throw TenantPattern.Refused(e, $"spec.dataFrom[{i}].");
        }
    }

    /// <summary><c>dataFrom[i].extract</c>: the value read (by property when the provider reads properties itself) as a map, through the key pipeline.</summary>
    private static async Task<Dictionary<string, byte[]>> ExtractMapAsync(int i, DataFromEntry from, RemoteRef ex, StoreResource store, ISecretStore provider,
        FetchCache cache, Freshness freshness, CancellationToken ct)
    {
        var extracted = provider is IPropertyReadingStore && ex.MetadataPolicy != "Fetch"
            ? await provider.GetSecretMapAsync(new SecretRef(ex.Key, ex.Property, ex.Version), ct)
            : await ExtractAsync(store, provider, ex, cache, freshness, ct);
        return KeyPipeline($"spec.dataFrom[{i}].extract", from.Rewrites, extracted, ex.ConversionStrategy, ex.DecodingStrategy, ex.NullBytePolicy);
    }

    /// <summary>
    /// <c>data[i]</c> into <paramref name="data"/>: one value, decoded, checked for NUL bytes. False when the store has no
    /// such secret and the deletion policy lets the sync go on without it.
    /// </summary>
    private async Task<bool> FetchDataAsync(int i, ExternalSecretResource es, StoreResolver stores, FetchCache cache, Freshness freshness,
        Dictionary<string, byte[]> data, CancellationToken ct)
    {
        var entry = es.Data[i];
        if (entry.SourceStore is null && entry.DeprecatedGenerator is not null)
        {
            // ESO reads data[].sourceRef.storeRef only: a generatorRef there leaves it the empty store name
            throw new ReconcileException(Messages.SecretSyncedError, $"error processing spec.data[{i}] (key: {Core.Errors.Echo.Bounded(entry.Ref.Key)}), err: "
                + "could not get SecretStore \"\", resource name may not be empty (sourceRef.generatorRef is deprecated and not implemented in spec.data[]; "
                + "use spec.dataFrom[].sourceRef.generatorRef)");
        }
        var (store, provider) = await StoreAsync(entry.SourceStore ?? es.Store, es, stores, ct);
        try
        {
            var bytes = provider is IPropertyReadingStore && entry.Ref.MetadataPolicy != "Fetch"
                ? (await provider.GetSecretAsync(new SecretRef(entry.Ref.Key, entry.Ref.Property, entry.Ref.Version), ct)).Value
                : await PropertyAsync(store, provider, entry.Ref, cache, freshness, ct);
            var value = DecodingStrategy.Decode(bytes, entry.Ref.DecodingStrategy, entry.Ref.Key);
            if (entry.Ref.NullBytePolicy == "Fail" && value.AsSpan().Contains((byte)0))
            {
                throw new ReconcileException(Messages.SecretSyncedError,
                    $"error processing spec.data[{i}] (key: {Core.Errors.Echo.Bounded(entry.Ref.Key)}), err: {KeyConversion.NullBytes(entry.SecretKey)}");
            }
            data[entry.SecretKey] = value;
            return true;
        }
        catch (SecretNotFoundException) when (es.Target.Deletion != DeletionPolicy.Retain)
        {
            return false;
        }
    }

    /// <summary>
    /// One <c>dataFrom</c> map as ESO turns it into Secret keys: rewrites, then (without rewrites) the conversion strategy,
    /// the key check, the decoding strategy and the null-byte policy. <paramref name="conversion"/> null: a generator's map,
    /// which ESO only rewrites and checks.
    /// </summary>
    private static Dictionary<string, byte[]> KeyPipeline(string where, IReadOnlyList<Rewrite> rewrites, IReadOnlyDictionary<string, byte[]> input,
        string? conversion, string decoding, string nullBytes)
    {
        string step = "rewrite";
        try
        {
            var map = KeyRewrites.Apply(rewrites, input);
            step = "conversion";
            if (rewrites.Count == 0 && conversion is not null) map = KeyConversion.Convert(conversion, map);
            step = "keys";
            KeyConversion.Validate(map);
            step = "decoding";
            foreach (var key in map.Keys.ToList()) map[key] = DecodingStrategy.Decode(map[key], decoding, key);
            step = "null bytes";
            KeyConversion.EnsureNoNullBytes(nullBytes, map);
            return map;
        }
        catch (KeyRewriteException e)
        {
            var detail = step switch
            {
                "rewrite" => $"error applying rewrite to keys: {e.Message}",
                "conversion" => $"error applying conversion strategy {conversion} to keys: {e.Message}",
                "keys" => $"invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): {e.Message}",
                _ => e.Message,
            };
            throw new ReconcileException(Messages.SecretSyncedError, $"error processing {where}, err: {detail}");
        }
    }

    private async Task<(StoreResource, ISecretStore)> StoreAsync(StoreRef? reference, ExternalSecretResource es, StoreResolver stores, CancellationToken ct)
    {
        if (reference is null) throw new ReconcileException(Messages.SecretSyncedError, $"ExternalSecret {es.Key}: spec.secretStoreRef is required");
        var store = await stores.ResolveAsync(reference, es.Namespace, ct);
        return (store, await providers.GetAsync(store, ct));
    }

    private static async Task<IReadOnlyDictionary<string, byte[]>> ExtractAsync(StoreResource store, ISecretStore provider, RemoteRef ex, FetchCache cache,
        Freshness freshness, CancellationToken ct) =>
        ProviderValues.ToMap(provider.Provider, ex.Key, await PropertyAsync(store, provider, ex, cache, freshness, ct));

    /// <summary>The whole value read (through the cache), and its property taken as a JSON path in it.</summary>
    private static async Task<byte[]> PropertyAsync(StoreResource store, ISecretStore provider, RemoteRef reference, FetchCache cache, Freshness freshness,
        CancellationToken ct)
    {
        var raw = await ReadRemoteAsync(store, provider, reference, cache, freshness, ct);
        return reference.Property is { } p ? ProviderValues.Select(provider.Provider, reference.Key, raw, p) : raw;
    }
}
