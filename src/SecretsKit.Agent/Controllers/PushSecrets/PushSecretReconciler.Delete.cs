using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.PushSecrets;

internal sealed partial class PushSecretReconciler
{
    /// <summary>With <c>deletionPolicy: Delete</c>, deletes remote values that were synced before but are no longer selected.</summary>
    private async Task DeleteDroppedAsync(PushSecretResource ps, Dictionary<string, Dictionary<string, PushEntry>> synced, CancellationToken ct)
    {
        if (!ps.DeleteRemote) return;
        foreach (var (storeKey, entries) in Synced(ps.Raw))
        {
            foreach (var (statusKey, entry) in entries)
            {
                if (synced.TryGetValue(storeKey, out var now) && now.ContainsKey(statusKey)) continue;
                await DeleteAsync(ps, storeKey, entry, ct);
            }
        }
    }

    /// <summary>The PushSecret is being deleted: with the finalizer, delete everything it pushed, then release it.</summary>
    private async Task FinalizeAsync(PushSecretResource ps, CancellationToken ct)
    {
        _state.TryRemove(ps.Key, out _);
        if (!ps.Raw.HasFinalizer(PushSecretResource.Finalizer)) return;
        try
        {
            foreach (var (storeKey, entries) in Synced(ps.Raw))
            {
                foreach (var entry in entries.Values) await DeleteAsync(ps, storeKey, entry, ct);
            }
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            await WriteStatusAsync(ps, Readiness.NotReady, "deleting pushed secrets failed: " + ReconcileFailure.Message(e), null, null, ct);
            throw;
        }
        await SetFinalizerAsync(ps, false, ct);
    }

    private async Task DeleteAsync(PushSecretResource ps, string storeKey, PushEntry entry, CancellationToken ct)
    {
        var slash = storeKey.IndexOf('/', StringComparison.Ordinal);
        var kind = storeKey[..slash] == nameof(StoreKind.ClusterSecretStore) ? StoreKind.ClusterSecretStore : StoreKind.SecretStore;
        var resolver = new StoreResolver(reads, StoreClaim.From(options), options.ClusterStoreReconciler);
        var store = await resolver.ResolveAsync(new StoreRef(storeKey[(slash + 1)..], kind), ps.Namespace, ct);
        await (await WriterAsync(store, ct)).DeleteSecretAsync(new PushRef(entry.RemoteKey, entry.Property), ct);
    }

    /// <summary><c>status.syncedPushSecrets</c>: store key → status key → the entry that was pushed (change events index it too).</summary>
    internal static Dictionary<string, Dictionary<string, PushEntry>> Synced(JsonObject raw)
    {
        var result = new Dictionary<string, Dictionary<string, PushEntry>>(StringComparer.Ordinal);
        if (raw["status"]?["syncedPushSecrets"] is not JsonObject stores) return result;
        foreach (var (storeKey, node) in stores)
        {
            if (node is not JsonObject entries || !storeKey.Contains('/', StringComparison.Ordinal)) continue;
            result[storeKey] = entries.Where(e => e.Value is JsonObject).ToDictionary(e => e.Key, e => new PushEntry(
                Json.Str(e.Value!["match"]?["secretKey"]),
                Json.Str(e.Value!["match"]?["remoteRef"]?["remoteKey"]) ?? "",
                Json.Str(e.Value!["match"]?["remoteRef"]?["property"]) is { Length: > 0 } p ? p : null), StringComparer.Ordinal);
        }
        return result;
    }
}
