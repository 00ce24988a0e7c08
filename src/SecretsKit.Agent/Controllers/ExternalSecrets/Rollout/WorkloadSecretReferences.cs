using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.ExternalSecrets.Rollout;

/// <summary>
/// Which Secrets a workload's pod template reads: <c>env[].valueFrom.secretKeyRef</c>, <c>envFrom[].secretRef</c> (containers
/// and initContainers), <c>volumes[].secret.secretName</c> and <c>volumes[].projected.sources[].secret</c>.
/// </summary>
internal static class WorkloadSecretReferences
{
    /// <summary>The names of the Secrets referenced by <c>spec.template.spec</c> of a Deployment or StatefulSet.</summary>
    public static IReadOnlySet<string> Of(JsonObject workload)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pod = workload["spec"]?["template"]?["spec"];
        foreach (var container in Json.Objects(pod?["containers"]).Concat(Json.Objects(pod?["initContainers"])))
        {
            foreach (var env in Json.Objects(container["env"])) Add(names, env["valueFrom"]?["secretKeyRef"]?["name"]);
            foreach (var source in Json.Objects(container["envFrom"])) Add(names, source["secretRef"]?["name"]);
        }
        foreach (var volume in Json.Objects(pod?["volumes"]))
        {
            Add(names, volume["secret"]?["secretName"]);
            foreach (var source in Json.Objects(volume["projected"]?["sources"])) Add(names, source["secret"]?["name"]);
        }
        return names;
    }

    private static void Add(HashSet<string> names, JsonNode? name)
    {
        if (Json.Str(name) is { Length: > 0 } n) names.Add(n);
    }
}
