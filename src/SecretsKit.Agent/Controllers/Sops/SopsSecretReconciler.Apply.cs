using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>Apply phase: write the target Secret per creationPolicy (Owner, Orphan, Merge, None); drift repair.</summary>
internal sealed partial class SopsSecretReconciler
{
    /// <summary>The label every Secret written by the agent carries (the same one the ExternalSecret path sets).</summary>
    public const string ManagedLabel = SecretLabels.Managed;

    /// <summary>Names the SopsSecret a Secret was decrypted from (for Orphan and Merge targets, which have no owner reference).</summary>
    public const string SourceAnnotation = "secretskit.io/sopssecret";

    /// <summary>Writes the target Secret; returns whether anything was created or changed.</summary>
    private async Task<bool> ApplyAsync(SopsSecretResource sops, SopsDecryptResult desired, CancellationToken ct)
    {
        var target = sops.Target;
        if (target.Creation == CreationPolicy.None) return false;
        try
        {
            var existing = await _kube.TryGetAsync(ResourceTypes.Secret, sops.Namespace, target.Name, ct);
            if (existing is null)
            {
                if (target.Creation == CreationPolicy.Merge)
                {
                    throw new ReconcileException(SopsReasons.SecretWriteFailed,
                        $"target Secret {sops.Namespace}/{target.Name} does not exist (creationPolicy=Merge only updates an existing Secret)");
                }
                var created = KubeObjectMetadata.New(ResourceTypes.Secret, target.Name, sops.Namespace);
                Fill(created, sops, desired);
                await _kube.CreateAsync(ResourceTypes.Secret, created, ct);
                return true;
            }
            var owner = existing.GetOwnerReferences().FirstOrDefault(o => o.Controller == true);
            if (target.Creation != CreationPolicy.Merge && owner is not null && !(owner.Kind == SopsSecretResource.Kind && owner.Uid == sops.Uid))
            {
                throw new ReconcileException(SopsReasons.TargetConflict,
                    $"target Secret {sops.Namespace}/{target.Name} is controlled by {owner.Kind} {owner.Name}; refusing to overwrite it");
            }
            var before = existing.ToJsonString();
            Fill(existing, sops, desired);
            if (existing.ToJsonString() == before) return false;
            await _kube.ReplaceAsync(ResourceTypes.Secret, existing, ct);
            return true;
        }
        catch (KubernetesApiException e) when (!ct.IsCancellationRequested)
        {
            throw new ReconcileException(SopsReasons.SecretWriteFailed, $"cannot write target Secret {sops.Namespace}/{target.Name}: {e.Message}");
        }
    }

    private static void Fill(JsonObject secret, SopsSecretResource sops, SopsDecryptResult desired)
    {
        var merge = sops.Target.Creation == CreationPolicy.Merge;
        secret.SetAnnotation(SourceAnnotation, sops.Name);
        if (!merge)
        {
            secret["type"] = sops.Target.Type;
            secret.SetLabel(ManagedLabel, "true");
            foreach (var (k, v) in sops.Target.Labels) secret.SetLabel(k, v);
            foreach (var (k, v) in sops.Target.Annotations) secret.SetAnnotation(k, v);
            if (sops.Target.Creation == CreationPolicy.Owner)
            {
                secret.SetOwnerReference(new OwnerReference(SopsSecretResource.ApiVersion, SopsSecretResource.Kind, sops.Name, sops.Uid, true, true));
            }
        }
        var data = merge && secret["data"] is JsonObject current ? current : new JsonObject();
        foreach (var (k, v) in desired.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal)) data[k] = Convert.ToBase64String(v);
        secret["data"] = data;
    }

    /// <summary>Restores a hand-edited or deleted target Secret from the last decrypted data, without decrypting again.</summary>
    private async Task RepairDriftAsync(SopsSecretResource sops, string targetName, SopsDecryptResult desired, CancellationToken ct)
    {
        if (sops.Target.Creation == CreationPolicy.None || targetName != sops.Target.Name) return;
        var live = await _kube.TryGetAsync(ResourceTypes.Secret, sops.Namespace, targetName, ct);
        if (live is null && sops.Target.Creation == CreationPolicy.Merge) return;
        if (live is not null && Matches(live, desired)) return;
        try
        {
            if (await ApplyAsync(sops, desired, ct))
            {
                var restored = Condition.Ready(Readiness.Ready, SopsReasons.Decrypted, $"restored Secret {sops.Namespace}/{targetName} (it was changed or deleted)");
                await WriteStatusAsync(sops, restored, _state.TryGetValue(sops.Key, out var s) ? s.LastDecrypted : null, secretWritten: true, ct);
            }
        }
        catch (ReconcileException e)
        {
            await WriteStatusAsync(sops, Condition.Ready(Readiness.NotReady, e.Reason, e.Message), _state.TryGetValue(sops.Key, out var s) ? s.LastDecrypted : null,
                secretWritten: false, ct);
        }
    }

    private static bool Matches(JsonObject live, SopsDecryptResult desired)
    {
        var data = live["data"] as JsonObject;
        return desired.Data.All(kv => Json.Str(data?[kv.Key]) == Convert.ToBase64String(kv.Value));
    }
}
