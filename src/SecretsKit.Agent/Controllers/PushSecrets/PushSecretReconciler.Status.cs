using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.PushSecrets;

internal sealed partial class PushSecretReconciler
{
    /// <summary>
    /// The Ready condition (<c>Synced</c>/<c>Errored</c>); on success also <c>syncedPushSecrets</c> (entries no longer synced
    /// removed), <c>refreshTime</c> and <c>syncedResourceVersion</c>. A failure keeps the last synced set.
    /// </summary>
    private async Task WriteStatusAsync(PushSecretResource ps, Readiness outcome, string message, Dictionary<string, Dictionary<string, PushEntry>>? synced,
        string? secretVersion, CancellationToken ct)
    {
        var reason = outcome == Readiness.Ready ? PushSecretReasons.Synced : PushSecretReasons.Errored;
        var condition = _status.Stamp(ps.Raw, Condition.Ready(outcome, reason, message));
        var body = new JsonObject { ["conditions"] = condition.ToArray() };
        if (synced is not null)
        {
            body["syncedPushSecrets"] = SyncedPatch(ps.Raw["status"]?["syncedPushSecrets"] as JsonObject, synced);
            body["refreshTime"] = KubeTime.Format(time.GetUtcNow());
            body["syncedResourceVersion"] = $"{ps.Generation}-{secretVersion}";
        }
        await _status.WriteAsync(ResourceTypes.PushSecret, ps.Namespace, ps.Name, ps.Raw, body, skipWhen: null, ct);
    }

    /// <summary>A merge patch turning <paramref name="old"/> into <paramref name="synced"/> (removed stores and entries set to null).</summary>
    private static JsonObject SyncedPatch(JsonObject? old, Dictionary<string, Dictionary<string, PushEntry>> synced)
    {
        var patch = new JsonObject();
        foreach (var (storeKey, node) in old ?? [])
        {
            if (!synced.TryGetValue(storeKey, out var now)) patch[storeKey] = null;
            else if (node is JsonObject entries)
            {
                var removed = new JsonObject();
                foreach (var (k, _) in entries.Where(e => !now.ContainsKey(e.Key))) removed[k] = null;
                patch[storeKey] = removed;
            }
        }
        foreach (var (storeKey, entries) in synced)
        {
            var target = patch[storeKey] as JsonObject ?? new JsonObject();
            foreach (var (key, entry) in entries)
            {
                var remoteRef = new JsonObject { ["remoteKey"] = entry.RemoteKey };
                if (entry.Property is not null) remoteRef["property"] = entry.Property;
                var match = new JsonObject { ["remoteRef"] = remoteRef };
                if (entry.SecretKey is not null) match["secretKey"] = entry.SecretKey;
                target[key] = new JsonObject { ["match"] = match };
            }
            patch[storeKey] = target;
        }
        return patch;
    }
}
