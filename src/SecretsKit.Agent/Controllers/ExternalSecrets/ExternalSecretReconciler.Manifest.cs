using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// <c>target.manifest</c> (ESO's generic targets): the rendered data written into a ConfigMap instead of a Secret, with the
/// managed label, the template's labels and annotations (the ExternalSecret's own without a template), and the
/// ownerReference under <c>creationPolicy: Owner</c>. Only the kinds the operator allows (<c>--generic-targets</c>, default
/// ConfigMap) are written; ESO refuses every generic target unless started with <c>--unsafe-allow-generic-targets</c>.
/// </summary>
internal sealed partial class ExternalSecretReconciler
{
    /// <summary>The generic target kinds the operator allows (<c>--generic-targets</c>); the agent can write ConfigMaps.</summary>
    public IReadOnlyList<string> GenericTargets { get; init; } = AgentOptions.DefaultGenericTargets;

    private void EnsureGenericTargetAllowed(ExternalSecretResource es)
    {
        var manifest = es.Target.Manifest!;
        if (manifest.ApiVersion.Length == 0) throw new ReconcileException(Messages.SecretSyncedError, "target.manifest.apiVersion is required");
        if (manifest.Kind.Length == 0) throw new ReconcileException(Messages.SecretSyncedError, "target.manifest.kind is required");
        var target = $"{Core.Errors.Echo.Bounded(manifest.ApiVersion)} {Core.Errors.Echo.Bounded(manifest.Kind)}";
        if (!GenericTargets.Contains(manifest.Kind, StringComparer.Ordinal) || manifest.ApiVersion != "v1")
        {
            var allowed = GenericTargets.Count == 0 ? "Secrets (--generic-targets is empty)" : $"Secrets and {string.Join(", ", GenericTargets.Select(k => "v1 " + k))} (--generic-targets)";
            throw new ReconcileException(Messages.SecretSyncedError, $"generic target {target} is not allowed: this agent writes only {allowed}");
        }
    }

    private async Task ApplyConfigMapAsync(ExternalSecretResource es, DesiredSecret desired, CancellationToken ct)
    {
        if (es.Target.Creation == CreationPolicy.None) return;
        EnsureOwned(es);
        var where = $"{es.Namespace}/{es.Target.Name}";
        var merge = es.Target.Creation is CreationPolicy.Merge or CreationPolicy.CreateOrMerge;
        try
        {
            if (await kube.TryGetAsync(ResourceTypes.ConfigMap, es.Namespace, es.Target.Name, ct) is not { } existing)
            {
                if (es.Target.Creation == CreationPolicy.Merge)
                {
                    throw new ReconcileException(Messages.SecretSyncedError, $"target ConfigMap {where} does not exist (creationPolicy=Merge only updates an existing one)");
                }
                var created = KubeObjectMetadata.New(ResourceTypes.ConfigMap, es.Target.Name, es.Namespace);
                FillConfigMap(created, es, desired, merge: false);
                await kube.CreateAsync(ResourceTypes.ConfigMap, created, ct);
                return;
            }
            EnsureMayWrite(es, existing, "ConfigMap");
            var before = existing.ToJsonString();
            FillConfigMap(existing, es, desired, merge);
            if (existing.ToJsonString() != before) await kube.ReplaceAsync(ResourceTypes.ConfigMap, existing, ct);
        }
        catch (Kubernetes.Errors.KubernetesApiException e)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"could not write ConfigMap {where}: {e.Message}", e);
        }
    }

    private static void FillConfigMap(JsonObject configMap, ExternalSecretResource es, DesiredSecret desired, bool merge)
    {
        var (labels, annotations) = es.Target.Template is null
            ? (Json.Map(es.Raw["metadata"]?["labels"]), Json.Map(es.Raw["metadata"]?["annotations"]))
            : ((IReadOnlyDictionary<string, string>)desired.Labels, desired.Annotations);
        foreach (var (k, v) in labels) configMap.SetLabel(k, v);
        foreach (var (k, v) in annotations) configMap.SetAnnotation(k, v);
        configMap.SetLabel(ManagedLabel, "true");
        configMap.SetAnnotation(DataHashAnnotation, Hash(desired));
        if (!merge)
        {
            configMap.SetAnnotation(WrittenByAnnotation, es.Uid);
            if (es.Target.Creation == CreationPolicy.Owner)
            {
                configMap.SetOwnerReference(new OwnerReference("external-secrets.io/v1", "ExternalSecret", es.Name, es.Uid, true, true));
            }
        }
        var data = merge && configMap["data"] is JsonObject current ? current : new JsonObject();
        // ESO writes string(value): bytes that are not UTF-8 become U+FFFD in the API's JSON
        foreach (var (k, v) in desired.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal)) data[k] = Encoding.UTF8.GetString(v);
        configMap["data"] = data;
    }
}
