using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.ClusterExternalSecrets;

/// <summary>
/// Keeps one ExternalSecret per selected namespace for a ClusterExternalSecret, in phases: select the namespaces
/// (<c>namespaces</c> plus every <c>namespaceSelectors</c> entry, Active ones only), provision the ExternalSecret in each
/// (<see cref="ProvisionAsync"/>: create, or update when its spec or metadata drifted; one owned by anything else is
/// a failed namespace), remove the ones it made in namespaces no longer selected or under an old name
/// (<see cref="CleanUpAsync"/>), and write <c>status</c>. The ExternalSecrets carry an ownerReference to the
/// ClusterExternalSecret (deleting it garbage-collects them) and the label <see cref="OwnerLabel"/>.
/// </summary>
internal sealed partial class ClusterExternalSecretReconciler(KubernetesClient kube, TimeProvider time)
{
    /// <summary>Label on every ExternalSecret a ClusterExternalSecret made: its name.</summary>
    public const string OwnerLabel = "secretskit.io/cluster-external-secret";

    private readonly StatusWriter _status = new(kube, time);

    /// <summary>
    /// One reconcile; returns when it is due again. Any failure of the whole (a malformed spec, an invalid selector, an
    /// unexpected exception) ends in the Ready condition (<see cref="ReconcileFailure"/>); one namespace's failure is
    /// listed in <c>failedNamespaces</c>.
    /// </summary>
    public async Task<DateTimeOffset> ReconcileAsync(ClusterExternalSecretSpec ces, CancellationToken ct)
    {
        try
        {
            if (ces.Problem is { } problem) throw new ReconcileException(Messages.InvalidSpec, problem.Message);
            var selected = await SelectNamespacesAsync(ces, ct);
            var provisioned = new List<string>();
            var failed = new List<(string Namespace, string Reason)>();
            foreach (var ns in selected)
            {
                var failure = await ProvisionAsync(ces, ns, ct);
                if (failure is null) provisioned.Add(ns);
                else failed.Add((ns, failure));
            }
            await CleanUpAsync(ces, selected, ct);
            await WriteStatusAsync(ces, provisioned, failed, null, ct);
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            await WriteStatusAsync(ces, [], [], ReconcileFailure.Message(e), ct);
        }
        return time.GetUtcNow() + ces.RefreshTime;
    }

    private async Task<IReadOnlyList<string>> SelectNamespacesAsync(ClusterExternalSecretSpec ces, CancellationToken ct)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var wanted = ces.Namespaces.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count > 0 || ces.LabelSelectors.Count > 0)
        {
            await foreach (var ns in kube.ListAllAsync(ResourceTypes.Namespace, null, cancellationToken: ct))
            {
                if (wanted.Contains(ns.GetName() ?? "") && IsActive(ns)) names.Add(ns.GetName()!);
            }
        }
        foreach (var selector in ces.LabelSelectors)
        {
            try
            {
                await foreach (var ns in kube.ListAllAsync(ResourceTypes.Namespace, null, new ListOptions { LabelSelector = selector }, ct))
                {
                    if (IsActive(ns)) names.Add(ns.GetName()!);
                }
            }
            catch (Kubernetes.Errors.KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                throw new ReconcileException("InvalidSelector", $"namespaceSelectors: {e.Message}");
            }
        }
        return [.. names];
    }

    private static bool IsActive(JsonObject ns) => Json.Str(ns["status"]?["phase"]) is null or "Active" && ns["metadata"]?["deletionTimestamp"] is null;

    private async Task WriteStatusAsync(ClusterExternalSecretSpec ces, IReadOnlyList<string> provisioned,
        IReadOnlyList<(string Namespace, string Reason)> failed, string? error, CancellationToken ct)
    {
        var ready = error is null && failed.Count == 0;
        var message = error ?? (failed.Count == 0 ? $"ExternalSecret {ces.ExternalSecretName} provisioned in {provisioned.Count} namespace(s)"
            : $"ExternalSecret {ces.ExternalSecretName} failed in {failed.Count} namespace(s)");
        var status = new JsonObject
        {
            ["externalSecretName"] = ces.ExternalSecretName,
            ["provisionedNamespaces"] = new JsonArray([.. provisioned.Select(n => (JsonNode)n)]),
            ["failedNamespaces"] = new JsonArray([.. failed.Select(f => (JsonNode)new JsonObject { ["namespace"] = f.Namespace, ["reason"] = f.Reason })]),
        };
        var reason = ready ? "Provisioned" : error is null ? "ProvisionFailed" : "InvalidSpec";
        status["conditions"] = _status.Stamp(ces.Raw, Condition.Ready(ready ? Readiness.Ready : Readiness.NotReady, reason, message)).ToArray();
        try
        {
            await _status.WriteAsync(ResourceTypes.ClusterExternalSecret, null, ces.Name, ces.Raw, status, StatusWriter.SameStatus, ct);
        }
        catch (Kubernetes.Errors.KubernetesNotFoundException)
        {
            // deleted meanwhile: its ExternalSecrets are garbage-collected through their ownerReferences
        }
    }

    private static bool IsApiFailure(Exception e) => e is SecretsKitException or HttpRequestException;
}
