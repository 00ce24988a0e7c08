using System.Text.Json.Nodes;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.PushSecrets;

internal sealed partial class PushSecretReconciler
{
    /// <summary>
    /// The Ready condition (<c>Synced</c>/<c>Errored</c>); on success also <c>syncedPushSecrets</c> (entries no longer synced
    /// removed), <c>refreshTime</c> and <c>syncedResourceVersion</c>. A failure keeps the last synced set.
    /// </summary>
    private async Task WriteStatusAsync(PushSecretResource ps, bool ready, string message, Dictionary<string, Dictionary<string, PushEntry>>? synced,
        string? secretVersion, CancellationToken ct)
    {
        var previous = ps.Raw["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["type"]) == "Ready");
        var status = ready ? "True" : "False";
        var now = Json.Time(time.GetUtcNow());
        var transition = previous is not null && Json.Str(previous["status"]) == status ? Json.Str(previous["lastTransitionTime"]) : now;
        var body = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = status,
                ["reason"] = ready ? PushSecretReasons.Synced : PushSecretReasons.Errored,
                ["message"] = message,
                ["lastTransitionTime"] = transition,
            }),
        };
        if (synced is not null)
        {
            body["syncedPushSecrets"] = SyncedPatch(ps.Raw["status"]?["syncedPushSecrets"] as JsonObject, synced);
            body["refreshTime"] = now;
            body["syncedResourceVersion"] = $"{ps.Generation}-{secretVersion}";
        }
        await kube.PatchStatusAsync(ResourceTypes.PushSecret, ps.Namespace, ps.Name, new JsonObject { ["status"] = body }, cancellationToken: ct);
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
