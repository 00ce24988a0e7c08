using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.GeneratorStates;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Stores;
using SecretsKit.Go.Json;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.PushSecrets;

internal sealed partial class PushSecretReconciler
{
    /// <summary>
    /// Pushes every source Secret (templated) to every selected store, entry by entry as <see cref="PushPlan"/> plans them;
    /// returns what is now synced, per store key and status key (a later source's entry replaces an earlier one's).
    /// </summary>
    private async Task<Dictionary<string, Dictionary<string, PushEntry>>> PushAllAsync(PushSecretResource ps, PushSources sources,
        GeneratorStateManager states, CancellationToken ct)
    {
        PushPlan.ValidateStoreRefs(ps);
        var secrets = await ResolveAsync(ps, sources, states, ct);
        var stores = await StoresAsync(ps, ct);
        PushPlan.ValidateSelectorsMatch(ps, stores);
        var synced = new Dictionary<string, Dictionary<string, PushEntry>>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            var templated = await TemplatedAsync(ps, secret, ct);
            var data = templated.Data;
            foreach (var store in stores)
            {
                var writer = await WriterAsync(store, ct);
                var storeKey = PushSecretReasons.StoreKey(store.Kind.ToString(), store.Name);
                if (!synced.TryGetValue(storeKey, out var done)) synced[storeKey] = done = new(StringComparer.Ordinal);
                foreach (var planned in Plan(ps, store, data))
                {
                    var entry = planned.Entry;
                    var converted = ReverseUnicode.Keys(entry.ConversionStrategy, planned.Bundle ?? data);
                    var value = Value(entry, converted);
                    var target = new PushRef(entry.RemoteKey, entry.Property)
                    {
                        Metadata = entry.Metadata,
                        WholeSecret = entry.SecretKey is null,
                        Namespace = ps.Namespace,
                        Source = new PushSource(entry.SecretKey, templated.Type, templated.Labels, templated.Annotations, converted),
                    };
                    if (ps.IfNotExists && await writer.SecretExistsAsync(target, ct)) continue; // never overwrite, never claim it
                    await writer.SetSecretAsync(target, value, ct);
                    done[entry.StatusKey] = entry;
                }
            }
        }
        return synced;
    }

    /// <summary>The store's entries; a planning failure is reported as ESO reports a failed push.</summary>
    private static List<PushPlan.Planned> Plan(PushSecretResource ps, StoreResource store, Dictionary<string, byte[]> data)
    {
        try
        {
            return PushPlan.For(ps, store, data);
        }
        catch (ReconcileException e)
        {
            throw new ReconcileException(PushSecretReasons.Errored, "set secret failed: " + e.Message);
        }
    }

    /// <summary>
    /// The value of one entry: its (converted) key's bytes, or without a key the whole data as one JSON object, as ESO's
    /// <c>utils.ExtractSecretData</c> writes it: a <c>map[string]string</c> of the values through <c>utils.JSONMarshal</c>
    /// (Go's encoder with <c>SetEscapeHTML(false)</c>: keys sorted, <c>&lt; &gt; &amp;</c> and non-ASCII as they are).
    /// </summary>
    private static byte[] Value(PushEntry entry, Dictionary<string, byte[]> data)
    {
        if (entry.SecretKey is null) return GoJsonNodes.Marshal(data, escapeHtml: false);
        return data.TryGetValue(entry.SecretKey, out var value)
            ? value
            : throw new ReconcileException(PushSecretReasons.Errored, $"set secret failed: secret key {entry.SecretKey} does not exist");
    }

    /// <summary>The stores named or label-selected by <c>secretStoreRefs</c>, each checked as for an ExternalSecret (claimed, namespace rules), each once.</summary>
    private async Task<List<StoreResource>> StoresAsync(PushSecretResource ps, CancellationToken ct)
    {
        var resolver = new StoreResolver(reads, StoreClaim.From(options), options.ClusterStoreReconciler);
        var stores = new List<StoreResource>();
        foreach (var reference in ps.Stores)
        {
            if (reference.Selector is null)
            {
                var name = reference.Name ?? throw new ReconcileException(PushSecretReasons.Errored, "refStore Name must be provided");
                stores.Add(await resolver.ResolveAsync(new StoreRef(name, reference.Kind), ps.Namespace, ct));
                continue;
            }
            var type = reference.Kind == StoreKind.ClusterSecretStore ? ResourceTypes.ClusterSecretStore : ResourceTypes.SecretStore;
            await foreach (var obj in kube.ListAllAsync(type, reference.Kind == StoreKind.SecretStore ? ps.Namespace : null, new ListOptions { LabelSelector = Query(reference) }, ct))
            {
                var store = StoreResource.Parse(obj);
                if (StoreClaim.From(options).Claims(store)) stores.Add(await resolver.ResolveAsync(new StoreRef(store.Name, reference.Kind), ps.Namespace, ct));
            }
        }
        stores = [.. stores.DistinctBy(s => (s.Kind, s.Name))];
        if (stores.Count == 0) throw new ReconcileException(PushSecretReasons.Errored, "no store matches spec.secretStoreRefs");
        return stores;
    }

    private static string Query(PushStoreRef reference)
    {
        try
        {
            return reference.Selector!.ToQuery();
        }
        catch (Kubernetes.Selectors.InvalidLabelSelectorException e)
        {
            throw new ReconcileException(PushSecretReasons.Errored, $"could not convert labels: {e.Message}");
        }
    }

    private async Task<ISecretStoreWriter> WriterAsync(StoreResource store, CancellationToken ct) =>
        await providers.GetAsync(store, ct) as ISecretStoreWriter
            ?? throw new ReconcileException(PushSecretReasons.Errored, $"store {store.Name}: provider {store.ProviderName} does not support PushSecret");
}
