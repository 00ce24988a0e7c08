using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-ROLLOUT-001: a Secret or ConfigMap that a workload mounts (a volume, a projected source) or reads into its
/// environment (<c>envFrom</c>, <c>env[].valueFrom</c>) changes between the deployed and the new rendering while the
/// workload's pod template does not: no pod is replaced, so running pods keep the old value (environment variables until
/// they restart; mounted files until the kubelet syncs them and the application reads them again). Names the workload,
/// the object and the fix (a checksum annotation), never a value. Needs both renderings.
/// </summary>
internal sealed class SkRollout001StaleConfigInPods : RolloutCheck
{
    public override string Id => "SK-ROLLOUT-001";

    public override string Title => "Secret or ConfigMap changes but the pods that use it are not replaced";

    /// <summary>
    /// MEDIUM: stale configuration is an availability and rotation risk, not an exposure (Trivy keeps HIGH and CRITICAL for
    /// what an attacker can use), and an application that watches its mounted files is fine; a team whose pods must roll
    /// adds MEDIUM to <c>--policy-severity</c>.
    /// </summary>
    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IReadOnlyCollection<string> Kinds => Workloads;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Renderings is not { } pair || o.Kind is not { } kind || o.Name is not { } name) return [];
        if (pair.Deployed(kind, o.Namespace, name) is not { } deployedJson) return []; // new: its pods start with the new values
        var deployed = new PolicyObject(deployedJson) { DefaultNamespace = o.Namespace };
        var hits = new List<PolicyHit>();
        for (var i = 0; i < o.Pods.Count && i < deployed.Pods.Count; i++)
        {
            if (!JsonNode.DeepEquals(o.Pods[i].Pod, deployed.Pods[i].Pod)) continue; // the template changes: the pods are replaced
            foreach (var (refKind, refName, path, how) in References(o.Pods[i]))
            {
                if (pair.Current(refKind, o.Namespace, refName) is not { } now || pair.Deployed(refKind, o.Namespace, refName) is not { } before) continue;
                if (SameData(now, before)) continue;
                hits.Add(new PolicyHit(path, Message(kind, o.Namespace, name, refKind, refName, how)));
            }
        }
        return hits;
    }

    private static string Message(string kind, string ns, string name, string refKind, string refName, string how)
    {
        var annotation = refKind == "Secret" ? "checksum/secret" : "checksum/config";
        var template = refKind == "Secret" ? "secret.yaml" : "configmap.yaml";
        return $"{kind} {ns}/{name} {how} {refKind} {ns}/{refName}, whose data changes in this release while the pod template does not: "
            + $"no pod is replaced, so running pods keep the old value; add a checksum of it to the pod template's annotations "
            + $"({annotation}: {{{{ include (print $.Template.BasePath \"/{template}\") . | sha256sum }}}})";
    }

    /// <summary>Whether the data fields (never shown) are the same in both renderings.</summary>
    private static bool SameData(JsonObject now, JsonObject before) =>
        ((string[])["data", "stringData", "binaryData"]).All(k => JsonNode.DeepEquals(now[k], before[k]));

    /// <summary>The Secrets and ConfigMaps a pod uses: (kind, name, path of the reference, how it uses it).</summary>
    private static IEnumerable<(string Kind, string Name, string Path, string How)> References(PodTemplate pod)
    {
        foreach (var (vi, volume) in Rego.Entries(Rego.At(pod.Pod, "spec", "volumes")))
        {
            var at = pod.Below("spec.volumes" + vi);
            if (Rego.Text(Rego.At(volume, "secret", "secretName")) is { } secret) yield return ("Secret", secret, at + ".secret.secretName", "mounts");
            if (Rego.Text(Rego.At(volume, "configMap", "name")) is { } map) yield return ("ConfigMap", map, at + ".configMap.name", "mounts");
            foreach (var (si, source) in Rego.Entries(Rego.At(volume, "projected", "sources")))
            {
                var sourceAt = at + ".projected.sources" + si;
                if (Rego.Text(Rego.At(source, "secret", "name")) is { } s) yield return ("Secret", s, sourceAt + ".secret.name", "mounts");
                if (Rego.Text(Rego.At(source, "configMap", "name")) is { } c) yield return ("ConfigMap", c, sourceAt + ".configMap.name", "mounts");
            }
        }
        foreach (var container in PodContainer.Of(pod))
        {
            foreach (var (ei, from) in Rego.Entries(container.Node["envFrom"]))
            {
                var at = container.Below("envFrom" + ei);
                if (Rego.Text(Rego.At(from, "secretRef", "name")) is { } s) yield return ("Secret", s, at + ".secretRef.name", "reads by envFrom");
                if (Rego.Text(Rego.At(from, "configMapRef", "name")) is { } c) yield return ("ConfigMap", c, at + ".configMapRef.name", "reads by envFrom");
            }
            foreach (var (ei, env) in Rego.Entries(container.Node["env"]))
            {
                var at = container.Below("env" + ei + ".valueFrom");
                if (Rego.Text(Rego.At(env, "valueFrom", "secretKeyRef", "name")) is { } s) yield return ("Secret", s, at + ".secretKeyRef.name", "reads by env valueFrom");
                if (Rego.Text(Rego.At(env, "valueFrom", "configMapKeyRef", "name")) is { } c) yield return ("ConfigMap", c, at + ".configMapKeyRef.name", "reads by env valueFrom");
            }
        }
    }
}
