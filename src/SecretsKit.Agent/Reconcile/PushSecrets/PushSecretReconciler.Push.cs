using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Reconcile.Stores;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.PushSecrets;

internal sealed partial class PushSecretReconciler
{
    /// <summary>Pushes every entry to every selected store; returns what is now synced, per store key and status key.</summary>
    private async Task<Dictionary<string, Dictionary<string, PushEntry>>> PushAllAsync(PushSecretResource ps, JsonObject? secret, CancellationToken ct)
    {
        if (secret is null) throw new ReconcileException(PushSecretReasons.Errored, $"source Secret {ps.Namespace}/{ps.SecretName} not found");
        var data = Json.Map(secret["data"]).ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value), StringComparer.Ordinal);
        var synced = new Dictionary<string, Dictionary<string, PushEntry>>(StringComparer.Ordinal);
        foreach (var store in await StoresAsync(ps, ct))
        {
            var writer = await WriterAsync(store, ct);
            var done = synced[PushSecretReasons.StoreKey(store.Kind.ToString(), store.Name)] = new(StringComparer.Ordinal);
            foreach (var entry in ps.Data)
            {
                var value = Value(ps, entry, data);
                var target = new PushRef(entry.RemoteKey, entry.Property);
                if (ps.IfNotExists && await writer.SecretExistsAsync(target, ct)) continue; // never overwrite, never claim it
                await writer.SetSecretAsync(target, value, ct);
                done[entry.StatusKey] = entry;
            }
        }
        return synced;
    }

    private static byte[] Value(PushSecretResource ps, PushEntry entry, Dictionary<string, byte[]> data)
    {
        if (entry.SecretKey is null)
        {
            var all = new JsonObject();
            foreach (var (k, v) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal)) all[k] = Encoding.UTF8.GetString(v);
            return Encoding.UTF8.GetBytes(all.ToJsonString());
        }
        return data.TryGetValue(entry.SecretKey, out var value)
            ? value
            : throw new ReconcileException(PushSecretReasons.Errored, $"key '{entry.SecretKey}' not found in Secret {ps.Namespace}/{ps.SecretName}");
    }

    /// <summary>The stores named or label-selected by <c>secretStoreRefs</c>, each checked as for an ExternalSecret (claimed, namespace rules).</summary>
    private async Task<List<StoreResource>> StoresAsync(PushSecretResource ps, CancellationToken ct)
    {
        var resolver = new StoreResolver(reads, StoreClaim.From(options), options.ClusterStoreReconciler);
        var stores = new List<StoreResource>();
        foreach (var reference in ps.Stores)
        {
            if (reference.Name is { } name)
            {
                stores.Add(await resolver.ResolveAsync(new StoreRef(name, reference.Kind), ps.Namespace, ct));
                continue;
            }
            var selector = string.Join(",", (reference.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"));
            var type = reference.Kind == StoreKind.ClusterSecretStore ? ResourceTypes.ClusterSecretStore : ResourceTypes.SecretStore;
            await foreach (var obj in kube.ListAllAsync(type, reference.Kind == StoreKind.SecretStore ? ps.Namespace : null, new ListOptions { LabelSelector = selector }, ct))
            {
                var store = StoreResource.Parse(obj);
                if (StoreClaim.From(options).Claims(store)) stores.Add(await resolver.ResolveAsync(new StoreRef(store.Name, reference.Kind), ps.Namespace, ct));
            }
        }
        if (stores.Count == 0) throw new ReconcileException(PushSecretReasons.Errored, "no store matches spec.secretStoreRefs");
        return stores;
    }

    private async Task<ISecretStoreWriter> WriterAsync(StoreResource store, CancellationToken ct) =>
        await providers.GetAsync(store, ct) as ISecretStoreWriter
            ?? throw new ReconcileException(PushSecretReasons.Errored, $"store {store.Name}: provider {store.ProviderName} does not support PushSecret");
}
