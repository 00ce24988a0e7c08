using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Events;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.ExternalSecrets.Rollout;

/// <summary>
/// Opt-in rolling restart of the Deployments and StatefulSets that read a target Secret whose data the agent changed,
/// like <c>kubectl rollout restart</c> (the pod template gets <see cref="RestartedAtAnnotation"/>).
/// <list type="bullet">
/// <item>Opt-in: annotation <see cref="OptInAnnotation"/> <c>"true"</c> on the ExternalSecret, or <see cref="AgentOptions.RolloutRestart"/>
/// for all (an ExternalSecret can then opt out with <c>"false"</c>).</item>
/// <item>Only a data change of an existing Secret counts (an update, or a drift repair that rewrote data). Creating the Secret
/// restarts nothing: pods waiting for a missing Secret are retried by the kubelet, and an agent restart must not roll
/// every workload. Label/annotation-only changes restart nothing.</item>
/// <item>Debounced per namespace: the first change opens a window of <see cref="AgentOptions.RolloutRestartWindow"/>; all
/// Secrets changed in it are restarted together when it closes (at the end of the first pass after it), so each workload
/// rolls once, after the last value has been written.</item>
/// </list>
/// </summary>
internal sealed class RolloutRestarter(KubernetesClient kube, AgentOptions options, TimeProvider time)
{
    public const string OptInAnnotation = "secretskit.io/rollout-restart";
    public const string RestartedAtAnnotation = "secretskit.io/restartedAt";
    public const string RestartedReason = "RolloutRestarted";

    private static readonly ResourceType[] Workloads = [ResourceTypes.Deployment, ResourceTypes.StatefulSet];
    private readonly object _gate = new();
    private readonly Dictionary<string, Batch> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Workload> _failed = new(StringComparer.Ordinal);
    private readonly EventRecorder _events = new(kube, "secretskit-agent", time: time);

    private sealed record Batch(DateTimeOffset Due, HashSet<string> Secrets);

    /// <summary>One workload to restart and the changed Secrets it reads (named in its event).</summary>
    private sealed record Workload(ResourceType Type, string Namespace, string Name, string Secrets);

    /// <summary>Whether changes of this ExternalSecret's target restart workloads (its annotation wins over the agent-wide flag).</summary>
    public bool IsEnabled(ExternalSecretResource es) => es.Raw.GetAnnotation(OptInAnnotation) switch
    {
        "true" => true,
        "false" => false,
        _ => options.RolloutRestart,
    };

    /// <summary>Called after the agent replaced an existing target Secret: queues a restart when the data changed and the ExternalSecret opted in.</summary>
    public void SecretReplaced(ExternalSecretResource es, IReadOnlyDictionary<string, string> dataBefore, JsonObject written)
    {
        if (!IsEnabled(es) || SameData(dataBefore, Json.Map(written["data"]))) return;
        lock (_gate)
        {
            if (!_pending.TryGetValue(es.Namespace, out var batch))
            {
                _pending[es.Namespace] = batch = new Batch(time.GetUtcNow() + options.RolloutRestartWindow, new HashSet<string>(StringComparer.Ordinal));
            }
            batch.Secrets.Add(es.Target.Name);
        }
    }

    /// <summary>Restarts the workloads of every namespace whose window has closed, and retries restarts that failed before.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<(string Namespace, HashSet<string> Secrets)> due;
        List<Workload> failed;
        lock (_gate)
        {
            due = [.. _pending.Where(p => p.Value.Due <= now).Select(p => (p.Key, p.Value.Secrets))];
            foreach (var (ns, _) in due) _pending.Remove(ns);
            failed = [.. _failed.Values];
            _failed.Clear();
        }
        foreach (var w in failed) await RestartAsync(w, now, ct);
        foreach (var (ns, secrets) in due)
        {
            var workloads = new List<(ResourceType Type, JsonObject Object)>();
            try
            {
                foreach (var type in Workloads)
                {
                    await foreach (var w in kube.ListAllAsync(type, ns, cancellationToken: ct)) workloads.Add((type, w));
                }
            }
            catch (KubernetesApiException)
            {
                lock (_gate) Requeue(ns, secrets, now);
                continue;
            }
            foreach (var (type, workload) in workloads.Where(w => !w.Object.IsBeingDeleted()))
            {
                var used = WorkloadSecretReferences.Of(workload).Where(secrets.Contains).Order(StringComparer.Ordinal).ToList();
                if (used.Count == 0) continue;
                await RestartAsync(new Workload(type, ns, workload.GetName() ?? "", string.Join(", ", used)), now, ct);
            }
        }
    }

    private async Task RestartAsync(Workload target, DateTimeOffset now, CancellationToken ct)
    {
        JsonObject workload;
        try
        {
            workload = await kube.PatchAsync(target.Type, target.Namespace, target.Name, RestartPatch(now), PatchType.Merge, ct);
        }
        catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return; // deleted since it was listed
        }
        catch (KubernetesApiException)
        {
            lock (_gate) _failed[$"{target.Type.Kind}/{target.Namespace}/{target.Name}"] = target;
            return;
        }
        workload["apiVersion"] ??= target.Type.ApiVersion;
        workload["kind"] ??= target.Type.Kind;
        try
        {
            await _events.RecordAsync(workload, EventSeverity.Normal, RestartedReason,
                $"rollout restarted by secretskit-agent: secret {target.Secrets} changed", cancellationToken: ct);
        }
        catch (KubernetesApiException)
        {
            // the restart happened; a lost event is not worth failing for
        }
    }

    /// <summary>What <c>kubectl rollout restart</c> sends, under our annotation: a new pod-template annotation rolls the pods.</summary>
    private static JsonObject RestartPatch(DateTimeOffset now) => new()
    {
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RestartedAtAnnotation] = KubeTime.Format(now) } },
            },
        },
    };

    /// <summary>A listing failed: try the whole namespace again at the next pass.</summary>
    private void Requeue(string ns, HashSet<string> secrets, DateTimeOffset now)
    {
        if (_pending.TryGetValue(ns, out var batch)) batch.Secrets.UnionWith(secrets);
        else _pending[ns] = new Batch(now, new HashSet<string>(secrets, StringComparer.Ordinal));
    }

    private static bool SameData(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
