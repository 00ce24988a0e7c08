using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Stores;

/// <summary>Validates claimed stores and writes their Ready condition (unsupported fields are named in the reason/message).</summary>
internal sealed class StoreStatusReconciler(KubernetesClient kube, ProviderFactory providers, StoreClaim claim)
{
    /// <summary>Validates every SecretStore in <paramref name="ns"/> (null = all), and every ClusterSecretStore when <paramref name="clusterStores"/>.</summary>
    public async Task ReconcileAllAsync(string? ns, bool clusterStores, CancellationToken ct)
    {
        var objects = new List<(ResourceType, JsonObject)>();
        await foreach (var o in kube.ListAllAsync(ResourceTypes.SecretStore, ns, cancellationToken: ct)) objects.Add((ResourceTypes.SecretStore, o));
        if (clusterStores)
        {
            await foreach (var o in kube.ListAllAsync(ResourceTypes.ClusterSecretStore, null, cancellationToken: ct)) objects.Add((ResourceTypes.ClusterSecretStore, o));
        }
        foreach (var (type, obj) in objects) await ReconcileOneAsync(type, obj, ct);
    }

    /// <summary>Validates one store (builds its provider client) and patches its Ready condition when it changed.</summary>
    public async Task ReconcileOneAsync(ResourceType type, JsonObject obj, CancellationToken ct)
    {
        var store = StoreResource.Parse(obj);
        if (!claim.Claims(store)) return;
        string status = "True", reason = Messages.StoreValid, message = "store validated";
        try
        {
            await providers.GetAsync(store, ct);
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or Kubernetes.Errors.KubernetesApiException && !ct.IsCancellationRequested)
        {
            (status, reason, message) = ("False", e is ReconcileException r ? r.Reason : Messages.StoreInvalid, e.Message);
        }
        var current = obj["status"]?["conditions"]?[0];
        if (Json.Str(current?["status"]) == status && Json.Str(current?["message"]) == message) return;
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = status, ["reason"] = reason, ["message"] = message }),
            },
        };
        await kube.PatchStatusAsync(type, store.Namespace, store.Name, patch, cancellationToken: ct);
    }
}
