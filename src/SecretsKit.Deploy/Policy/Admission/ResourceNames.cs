using System.Text.Json.Nodes;
using SecretsKit.Deploy.Resources;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The resource (plural, lower-case) and scope of a kind, as the API server's REST mapping gives them: a
/// CustomResourceDefinition in the input names its own (<c>spec.names.plural</c>, <c>spec.scope</c>); a built-in kind's
/// resource is Kubernetes' own guess (<see cref="KindResources"/>), its scope the one of <see cref="BuiltInKinds"/>.
/// </summary>
internal sealed class ResourceNames
{
    private readonly Dictionary<(string Group, string Kind), (string Resource, bool Namespaced)> _custom = [];

    /// <summary>Learns the kinds of the CustomResourceDefinitions among <paramref name="objects"/>.</summary>
    public ResourceNames(IEnumerable<JsonObject> objects)
    {
        foreach (var crd in objects.Where(o => LabelSelector.Text(o["kind"]) == "CustomResourceDefinition"))
        {
            if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names) continue;
            if (LabelSelector.Text(names["kind"]) is not { } kind || LabelSelector.Text(names["plural"]) is not { } plural) continue;
            _custom[(LabelSelector.Text(spec["group"]) ?? "", kind)] = (plural, LabelSelector.Text(spec["scope"]) != "Cluster");
        }
    }

    public string Resource(string group, string kind) =>
        _custom.TryGetValue((group, kind), out var c) ? c.Resource : KindResources.Guess(kind);

    public bool Namespaced(string group, string kind) =>
        _custom.TryGetValue((group, kind), out var c) ? c.Namespaced : !(IsBuiltInGroup(group) && BuiltInKinds.IsClusterScoped(kind));

    /// <summary>Splits <c>apps/v1</c> into (<c>apps</c>, <c>v1</c>) and <c>v1</c> into (<c>""</c>, <c>v1</c>).</summary>
    public static (string Group, string Version) Split(string? apiVersion)
    {
        var text = apiVersion ?? "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", text) : (text[..slash], text[(slash + 1)..]);
    }

    private static bool IsBuiltInGroup(string group) => group.Length == 0 || group.EndsWith(".k8s.io", StringComparison.Ordinal) || !group.Contains('.', StringComparison.Ordinal);
}
