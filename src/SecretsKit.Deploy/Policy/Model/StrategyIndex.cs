using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// The objects a rollout strategy's other releases render (the canary, the blue-green colors), found by kind, namespace
/// and name, each with the releases that render it; and the canary's rendering at weight 0 and 100 as objects: what
/// SK-ROLLOUT-002 and -003 compare with the stable release's rendering. <see cref="Strategy"/> names the releases in
/// messages (<c>canary</c>, <c>blue-green color</c>).
/// </summary>
internal sealed class StrategyIndex
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), List<string>> _owners = [];

    /// <param name="releases">Each release by name with its objects (and the namespace helm gives one that names none); the canary's at weight 0.</param>
    /// <param name="atFull">The canary's objects at weight 100; null for blue-green.</param>
    public StrategyIndex(string strategy, IReadOnlyList<(string Name, IReadOnlyList<(JsonObject Json, string? DefaultNamespace)> Objects)> releases,
        IReadOnlyList<(JsonObject Json, string? DefaultNamespace)>? atFull)
    {
        Strategy = strategy;
        foreach (var (release, objects) in releases)
        {
            foreach (var (json, defaultNamespace) in objects)
            {
                var o = new PolicyObject(json) { DefaultNamespace = defaultNamespace };
                if (o.Kind is not { } kind || o.Name is not { } name) continue;
                if (!_owners.TryGetValue((kind, o.Namespace, name), out var names)) _owners[(kind, o.Namespace, name)] = names = [];
                if (!names.Contains(release, StringComparer.Ordinal)) names.Add(release);
            }
        }
        FirstRelease = releases.Count > 0 ? releases[0].Name : "";
        AtZero = releases.Count > 0 ? releases[0].Objects.Select(o => o.Json).ToList() : [];
        AtFull = atFull?.Select(o => o.Json).ToList();
    }

    public string Strategy { get; }

    /// <summary>The canary release (the first release).</summary>
    public string FirstRelease { get; }

    /// <summary>A canary's <c>weightValue</c>; null for blue-green.</summary>
    public string? WeightValue { get; init; }

    /// <summary>Whether the chart's values or the release's hold a value at <see cref="WeightValue"/>.</summary>
    public bool WeightInValues { get; init; } = true;

    /// <summary>The canary's objects at weight 0, and at weight 100 (null: not rendered, a blue-green).</summary>
    public IReadOnlyList<JsonObject> AtZero { get; }

    public IReadOnlyList<JsonObject>? AtFull { get; }

    /// <summary>The strategy's releases that render an object of this kind, namespace and name (empty: none).</summary>
    public IReadOnlyList<string> ReleasesRendering(string kind, string ns, string name) =>
        _owners.TryGetValue((kind, ns, name), out var names) ? names : [];
}
