using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// A container or init container of a pod with its security context resolved as trivy-checks resolves it: the pod's
/// <c>runAsGroup</c>, <c>runAsNonRoot</c>, <c>runAsUser</c>, <c>seLinuxOptions</c>, <c>seccompProfile</c> and
/// <c>windowsOptions</c> under the container's own (which wins, objects merged).
/// </summary>
internal sealed record PodContainer(JsonObject Node, JsonObject Security, string Path, PodTemplate Pod)
{
    private static readonly string[] Inherited = ["runAsGroup", "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile", "windowsOptions"];

    /// <summary>The container's name, when it has a text one (trivy-checks skip unnamed containers in the checks keyed by name).</summary>
    public string? Name => Rego.Text(Node["name"]) ?? (Node["name"] is { } n && n is not JsonObject and not JsonArray ? n.ToJsonString() : null);

    /// <summary>Whether the container has a <c>name</c> at all.</summary>
    public bool Named => Node.ContainsKey("name");

    /// <summary>What a message calls the container.</summary>
    public string Shown => $"container '{Name}'";

    public string Below(string relative) => Path + "." + relative;

    /// <summary>The containers and init containers of <paramref name="pod"/>, in that order.</summary>
    public static IEnumerable<PodContainer> Of(PodTemplate pod)
    {
        var inherited = new JsonObject();
        if (pod.SecurityContext is JsonObject podContext)
        {
            foreach (var field in Inherited)
            {
                if (podContext.TryGetPropertyValue(field, out var v)) inherited[field] = v?.DeepClone();
            }
        }
        foreach (var key in (string[])["containers", "initContainers"])
        {
            foreach (var (index, item) in Rego.Entries(Rego.At(pod.Pod, "spec", key)))
            {
                if (item is not JsonObject container) continue;
                if (container.TryGetPropertyValue("securityContext", out var own) && own is not JsonObject) continue; // object.union fails: Rego drops it
                var resolved = Rego.Union(inherited, own as JsonObject ?? []);
                yield return new PodContainer(container, resolved, pod.Below($"spec.{key}{index}"), pod);
            }
        }
    }
}
