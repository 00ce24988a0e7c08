using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.Stores;

/// <summary>Validates claimed stores and writes their Ready condition (unsupported fields are named in the reason/message).</summary>
internal sealed class StoreStatusReconciler(KubernetesClient kube, ProviderFactory providers, StoreClaim claim, TimeProvider time)
{
    private readonly StatusWriter _status = new(kube, time);

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
        var condition = Condition.Ready(Readiness.Ready, Messages.StoreValid, "store validated");
        try
        {
            await providers.ValidateAsync(store, ct);
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            condition = Condition.Ready(Readiness.NotReady, ReconcileFailure.Reason(e, Messages.StoreInvalid), ReconcileFailure.Message(e));
        }
        // a store's condition carries no lastTransitionTime; it is rewritten only when its status or message changes, and
        // ChangeEventsReady beside it (the change-event controller's) is kept even when that one was written after obj was read
        await _status.WriteConditionsAsync(type, store.Namespace, store.Name, obj, current =>
            Condition.Find(current["status"]) is { } c && c.Status == condition.Status && c.Message == condition.Message
                ? null
                : condition.MergedInto(current["status"]), ct);
    }
}
