using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Deploy.Validation.Meta;

/// <summary>
/// What Kubernetes' pod validation (<c>ValidatePodSpec</c> in k8s.io/kubernetes' core validation) refuses in a pod
/// spec that no schema says, for every kind that carries one: a volume name used twice, a container name used twice
/// among <c>containers</c> and <c>initContainers</c> together, a port name used twice in one container. Each in the
/// API server's words, at the repeat: <c>spec.template.spec.containers[1].name: Duplicate value: "web"</c>.
/// </summary>
internal static class PodSpecCheck
{
    /// <summary>Where each built-in kind keeps its pod spec.</summary>
    private static readonly Dictionary<(string Group, string Kind), string[]> PodSpecs = new()
    {
        [("", "Pod")] = ["spec"],
        [("", "PodTemplate")] = ["template", "spec"],
        [("", "ReplicationController")] = ["spec", "template", "spec"],
        [("apps", "Deployment")] = ["spec", "template", "spec"],
        [("apps", "ReplicaSet")] = ["spec", "template", "spec"],
        [("apps", "StatefulSet")] = ["spec", "template", "spec"],
        [("apps", "DaemonSet")] = ["spec", "template", "spec"],
        [("batch", "Job")] = ["spec", "template", "spec"],
        [("batch", "CronJob")] = ["spec", "jobTemplate", "spec", "template", "spec"],
    };

    public static void Check(SchemaKey key, ManifestMapping root, Action<string, string> report)
    {
        if (key.Version != "v1" || !PodSpecs.TryGetValue((key.Group, key.Kind), out var steps)) return;
        ManifestNode? node = root;
        foreach (var step in steps) node = (node as ManifestMapping)?.Find(step);
        if (node is not ManifestMapping spec) return;
        var path = string.Join('.', steps);
        UniqueNames(Items(spec, "volumes"), $"{path}.volumes", new HashSet<string>(StringComparer.Ordinal), report);
        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in (string[])["containers", "initContainers"])
        {
            var containers = Items(spec, list);
            UniqueNames(containers, $"{path}.{list}", containerNames, report);
            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i] is ManifestMapping container) UniqueNames(Items(container, "ports"), $"{path}.{list}[{i}].ports", new HashSet<string>(StringComparer.Ordinal), report);
            }
        }
    }

    /// <summary>Reports each item whose <c>name</c> is already in <paramref name="seen"/> (every repeat, as the API server does); adds the others.</summary>
    private static void UniqueNames(List<ManifestNode> items, string path, HashSet<string> seen, Action<string, string> report)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not ManifestMapping item || Name(item) is not { Length: > 0 } name) continue;
            if (!seen.Add(name)) report($"{path}[{i}].name", $"Duplicate value: {GoQuote.Quote(name)}");
        }
    }

    internal static List<ManifestNode> Items(ManifestMapping map, string key) => map.Find(key) is ManifestSequence seq ? seq.Items : [];

    internal static string? Name(ManifestMapping item) =>
        item.Find("name") is ManifestScalar s && ScalarValue.Of(s) is { Kind: ScalarKind.String } v ? v.Text : null;
}
