using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// The objects of the rendering a scan checks and of the rendering deployed now (<c>helm get manifest</c>), each found by
/// kind, namespace and name: what the rollout checks (<c>SK-ROLLOUT-nnn</c>) compare. A name rendered twice keeps its
/// first object, as helm would refuse the second.
/// </summary>
internal sealed class RenderingPair
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), JsonObject> _current = [];
    private readonly Dictionary<(string Kind, string Namespace, string Name), JsonObject> _deployed = [];

    public RenderingPair(IEnumerable<(JsonObject Json, string? DefaultNamespace)> current, IEnumerable<(JsonObject Json, string? DefaultNamespace)> deployed)
    {
        Index(_current, current);
        Index(_deployed, deployed);
    }

    /// <summary>The object of the checked rendering, or null.</summary>
    public JsonObject? Current(string kind, string ns, string name) => _current.GetValueOrDefault((kind, ns, name));

    /// <summary>The object as deployed now, or null (not deployed: new in this rendering).</summary>
    public JsonObject? Deployed(string kind, string ns, string name) => _deployed.GetValueOrDefault((kind, ns, name));

    private static void Index(Dictionary<(string, string, string), JsonObject> index, IEnumerable<(JsonObject Json, string? DefaultNamespace)> objects)
    {
        foreach (var (json, defaultNamespace) in objects)
        {
            var o = new PolicyObject(json) { DefaultNamespace = defaultNamespace };
            if (o.Kind is { } kind && o.Name is { } name) index.TryAdd((kind, o.Namespace, name), json);
        }
    }
}
