using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// The objects of a strategy's other releases (<see cref="StrategyRenderings"/>) found by kind, namespace and name, each
/// with the releases that render it, and the canary's rendering at weight 0 and 100 as their objects: what SK-ROLLOUT-002
/// and -003 compare with the stable release's rendering.
/// </summary>
internal sealed class StrategyIndex
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), List<string>> _owners = [];

    public StrategyIndex(StrategyRenderings renderings, Func<IReadOnlyList<Validation.ManifestSource>, IEnumerable<(JsonObject Json, string? DefaultNamespace)>> read)
    {
        Renderings = renderings;
        foreach (var release in renderings.Releases)
        {
            foreach (var (json, defaultNamespace) in read(release.Rendering))
            {
                var o = new PolicyObject(json) { DefaultNamespace = defaultNamespace };
                if (o.Kind is not { } kind || o.Name is not { } name) continue;
                if (!_owners.TryGetValue((kind, o.Namespace, name), out var names)) _owners[(kind, o.Namespace, name)] = names = [];
                if (!names.Contains(release.Name, StringComparer.Ordinal)) names.Add(release.Name);
            }
        }
        AtZero = renderings.Releases.Count > 0 ? Objects(read(renderings.Releases[0].Rendering)) : [];
        AtFull = renderings.AtFullWeight is { } full ? Objects(read(full)) : null;
    }

    public StrategyRenderings Renderings { get; }

    /// <summary>The canary's objects at weight 0, and at weight 100 (null: not rendered, a blue-green).</summary>
    public IReadOnlyList<JsonObject> AtZero { get; }

    public IReadOnlyList<JsonObject>? AtFull { get; }

    /// <summary>The strategy's releases that render an object of this kind, namespace and name (empty: none).</summary>
    public IReadOnlyList<string> ReleasesRendering(string kind, string ns, string name) =>
        _owners.TryGetValue((kind, ns, name), out var names) ? names : [];

    private static List<JsonObject> Objects(IEnumerable<(JsonObject Json, string? DefaultNamespace)> objects) => objects.Select(o => o.Json).ToList();
}
