using System.Text.Json;
using SecretsKit.Deploy.Resources;
using SecretsKit.Deploy.UnitTest.Suites;

namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>
/// What the lookup server answers, read-only, as the Kubernetes API answers the reads <c>helm template --dry-run=server</c>
/// (and, on helm before 3.17, <c>lookup</c> in a real <c>helm install</c>; see <see cref="InstallState"/>) makes: <c>/version</c>; discovery (<c>/api</c>, <c>/apis</c>, each group version's resources: the scheme's kinds,
/// the kinds the chart renders, the built-in ones (<see cref="BuiltInKinds"/>) and the suite's
/// <c>capabilities.apiVersions</c>; an unknown group version is an empty
/// list, so a lookup of an unmapped kind finds nothing); GET of one object and LIST of a resource (in a namespace or
/// in all), from the suite's objects stored as helm-unittest's fake client stores them (under the resource guessed
/// from their kind); anything else is <c>404 NotFound</c>.
/// </summary>
internal sealed class ClusterCatalog
{
    private readonly Dictionary<string, List<(string Kind, FakeKind Resource, bool Served)>> _groupVersions = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IReadOnlyDictionary<string, object?>> _objects;
    private readonly string _kubeVersion;

    /// <param name="renderedKinds">The <c>(apiVersion, kind)</c> pairs the chart renders: helm maps every rendered object before it prints it.</param>
    public ClusterCatalog(KubernetesProviderSettings provider, IEnumerable<(string ApiVersion, string Kind)> renderedKinds, IEnumerable<string> apiVersions, string kubeVersion)
    {
        _objects = provider.Objects.OfType<IReadOnlyDictionary<string, object?>>().ToList();
        _kubeVersion = kubeVersion;
        foreach (var (key, resource) in provider.Scheme)
        {
            var slash = key.LastIndexOf('/');
            if (slash > 0 && resource.Resource.Length > 0) Add(resource.GroupVersion, key[(slash + 1)..], resource, served: true);
        }
        foreach (var (groupVersion, kind, namespaced) in BuiltInKinds.ServedEverywhere) AddGuessed(groupVersion, kind, namespaced);
        foreach (var (apiVersion, kind) in renderedKinds) AddGuessed(apiVersion, kind, namespaced: true);
        foreach (var api in apiVersions)
        {
            var parts = api.Split('/');
            if (parts.Length == 3) AddGuessed(parts[0] + "/" + parts[1], parts[2], namespaced: true);
            else if (parts.Length <= 2) _groupVersions.TryAdd(api, []);
        }
        _groupVersions.TryAdd("v1", []);
    }

    /// <summary>The status code and JSON body for a GET of <paramref name="path"/> (no query).</summary>
    public (int Status, byte[] Body) Get(string path)
    {
        if (path == "/version") return Ok(w => Version(w));
        if (path == "/api") return Ok(w => KubeJson.ApiVersions(w));
        if (path == "/apis") return Ok(w => KubeJson.GroupList(w, _groupVersions.Keys.Where(g => g.Contains('/', StringComparison.Ordinal))));
        var (groupVersion, rest) = Split(path);
        if (groupVersion is null) return NotFound("", "");
        if (rest.Count == 0) return Ok(w => KubeJson.ResourceList(w, groupVersion, _groupVersions.GetValueOrDefault(groupVersion) ?? []));
        var (ns, resource, name) = rest.Count >= 3 && rest[0] == "namespaces" ? (rest[1], rest[2], rest.Count > 3 ? rest[3] : null) : ("", rest[0], rest.Count > 1 ? rest[1] : null);
        if (rest.Count > 4 || (rest.Count == 3 && rest[0] != "namespaces") || resource.Length == 0 || !_groupVersions.ContainsKey(groupVersion))
            return NotFound(resource, name ?? "");
        var served = (_groupVersions.GetValueOrDefault(groupVersion) ?? []).FirstOrDefault(r => r.Served && r.Resource.Resource == resource);
        var namespaced = served.Resource?.Namespaced ?? false;
        var found = served.Resource is null ? [] : _objects.Where(o => Matches(o, groupVersion, resource) && (!namespaced || ns.Length == 0 || Namespace(o) == ns)).ToList();
        if (name is null) return Ok(w => KubeJson.List(w, groupVersion, (served.Kind ?? "") + "List", found));
        var one = found.FirstOrDefault(o => Name(o) == name);
        return one is null ? NotFound(resource, name) : Ok(w => JsonTree.Write(w, one));
    }

    private void Add(string groupVersion, string kind, FakeKind resource, bool served)
    {
        if (!_groupVersions.TryGetValue(groupVersion, out var kinds)) _groupVersions[groupVersion] = kinds = [];
        if (!kinds.Any(k => k.Kind == kind)) kinds.Add((kind, resource, served));
    }

    private void AddGuessed(string apiVersion, string kind, bool namespaced)
    {
        if (apiVersion.Length == 0 || kind.Length == 0) return;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        Add(apiVersion, kind, new FakeKind(group, version, KindResources.Guess(kind), namespaced), served: false);
    }

    private static bool Matches(IReadOnlyDictionary<string, object?> o, string groupVersion, string resource) =>
        o.GetValueOrDefault("apiVersion") as string == groupVersion && o.GetValueOrDefault("kind") is string kind && KindResources.Guess(kind) == resource;

    private static string Name(IReadOnlyDictionary<string, object?> o) => Metadata(o).GetValueOrDefault("name") as string ?? "";

    private static string Namespace(IReadOnlyDictionary<string, object?> o) => Metadata(o).GetValueOrDefault("namespace") as string ?? "";

    private static IReadOnlyDictionary<string, object?> Metadata(IReadOnlyDictionary<string, object?> o) =>
        o.GetValueOrDefault("metadata") as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();

    /// <summary><c>/api/v1/…</c> or <c>/apis/group/version/…</c>: the group version and the segments after it.</summary>
    private static (string? GroupVersion, List<string> Segments) Split(string path)
    {
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToList();
        if (parts.Count >= 2 && parts[0] == "api") return parts[1] == "v1" ? (parts[1], parts[2..]) : (null, []);
        if (parts.Count >= 3 && parts[0] == "apis") return (parts[1] + "/" + parts[2], parts[3..]);
        return (null, []);
    }

    private void Version(Utf8JsonWriter w)
    {
        var v = _kubeVersion.TrimStart('v').Split('.');
        KubeJson.Version(w, v[0], v.Length > 1 ? v[1] : "0", "v" + _kubeVersion.TrimStart('v'));
    }

    private static (int, byte[]) Ok(Action<Utf8JsonWriter> write) => (200, KubeJson.Bytes(write));

    private static (int, byte[]) NotFound(string resource, string name) => (404, KubeJson.Bytes(w => KubeJson.NotFound(w, resource, name)));
}
