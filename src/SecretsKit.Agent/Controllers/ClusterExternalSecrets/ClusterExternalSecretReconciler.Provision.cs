using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Agent.Controllers.ClusterExternalSecrets;

internal sealed partial class ClusterExternalSecretReconciler
{
    /// <summary>Creates or updates the ExternalSecret in <paramref name="ns"/>; returns why it failed, or null.</summary>
    private async Task<string?> ProvisionAsync(ClusterExternalSecretSpec ces, string ns, CancellationToken ct)
    {
        try
        {
            var existing = await kube.TryGetAsync(ResourceTypes.ExternalSecret, ns, ces.ExternalSecretName, ct);
            if (existing is null)
            {
                await kube.CreateAsync(ResourceTypes.ExternalSecret, Desired(ces, ns, null), ct);
                return null;
            }
            if (!IsOwnedBy(existing, ces))
            {
                return $"ExternalSecret {ns}/{ces.ExternalSecretName} already exists and is not managed by this ClusterExternalSecret";
            }
            var desired = Desired(ces, ns, existing);
            if (JsonNode.DeepEquals(existing["spec"], desired["spec"]) && JsonNode.DeepEquals(existing["metadata"]?["labels"], desired["metadata"]?["labels"])
                && JsonNode.DeepEquals(existing["metadata"]?["annotations"], desired["metadata"]?["annotations"])) return null;
            await kube.ReplaceAsync(ResourceTypes.ExternalSecret, desired, ct);
            return null;
        }
        catch (Exception e) when (IsApiFailure(e) && !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    /// <summary>Deletes the ExternalSecrets this ClusterExternalSecret made outside <paramref name="selected"/> or under another name.</summary>
    private async Task CleanUpAsync(ClusterExternalSecretSpec ces, IReadOnlyList<string> selected, CancellationToken ct)
    {
        var keep = selected.ToHashSet(StringComparer.Ordinal);
        var mine = new List<JsonObject>();
        await foreach (var es in kube.ListAllAsync(ResourceTypes.ExternalSecret, null, new ListOptions { LabelSelector = $"{OwnerLabel}={ces.Name}" }, ct))
        {
            if (IsOwnedBy(es, ces)) mine.Add(es);
        }
        foreach (var es in mine.Where(es => !keep.Contains(es.GetNamespace() ?? "") || es.GetName() != ces.ExternalSecretName))
        {
            try
            {
                await kube.DeleteAsync(ResourceTypes.ExternalSecret, es.GetNamespace(), es.GetName()!, cancellationToken: ct);
            }
            catch (KubernetesNotFoundException)
            {
                // already gone
            }
        }
    }

    private static bool IsOwnedBy(JsonObject es, ClusterExternalSecretSpec ces) =>
        Json.Objects(es["metadata"]?["ownerReferences"]).Any(o => Json.Str(o["uid"]) == ces.Uid);

    private static JsonObject Desired(ClusterExternalSecretSpec ces, string ns, JsonObject? existing)
    {
        var labels = new JsonObject(ces.Labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) { [OwnerLabel] = ces.Name };
        var meta = existing?["metadata"]?.DeepClone() as JsonObject ?? new JsonObject { ["name"] = ces.ExternalSecretName, ["namespace"] = ns };
        meta["labels"] = labels;
        meta["annotations"] = new JsonObject(ces.Annotations.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        if (ces.Annotations.Count == 0) meta.Remove("annotations");
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = ResourceTypes.ClusterExternalSecret.ApiVersion, ["kind"] = "ClusterExternalSecret",
            ["name"] = ces.Name, ["uid"] = ces.Uid, ["controller"] = true, ["blockOwnerDeletion"] = true,
        });
        return new JsonObject
        {
            ["apiVersion"] = ResourceTypes.ExternalSecret.ApiVersion,
            ["kind"] = "ExternalSecret",
            ["metadata"] = meta,
            ["spec"] = ces.ExternalSecretSpec.DeepClone(),
        };
    }
}
