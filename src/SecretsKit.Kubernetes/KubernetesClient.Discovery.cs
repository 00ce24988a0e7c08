using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes;

/// <summary>Discovery: the resource type that serves a kind (the API server's resource list of its group version).</summary>
public sealed partial class KubernetesClient
{
    private readonly ConcurrentDictionary<string, JsonObject?> _resourceLists = new(StringComparer.Ordinal);

    /// <summary>
    /// The resource type (plural, scope) that serves <paramref name="kind"/> in <paramref name="apiVersion"/>
    /// (<c>apps/v1</c>, <c>v1</c>), read from <c>/apis/GROUP/VERSION</c> (<c>/api/v1</c> for the core group) once per
    /// group version; null when the server does not serve it. An apiVersion or kind that could not be one (read from a
    /// file) never reaches a path: <see cref="ArgumentException"/>.
    /// </summary>
    public async Task<ResourceType?> FindResourceTypeAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        if ((group.Length > 0 && !ObjectNames.IsDnsSubdomain(group)) || !ObjectNames.IsDnsLabel(version))
        {
            throw new ArgumentException($"apiVersion \"{Core.Errors.Echo.Bounded(apiVersion)}\" is not GROUP/VERSION", nameof(apiVersion));
        }
        if (kind.Length is 0 or > 63 || !char.IsAsciiLetter(kind[0]) || !kind.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"kind \"{Core.Errors.Echo.Bounded(kind)}\" is not a kind name", nameof(kind));
        }
        var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        if (!_resourceLists.TryGetValue(path, out var list))
        {
            try
            {
                list = await SendJsonAsync(HttpMethod.Get, path, null, null, $"discover {apiVersion}", cancellationToken);
            }
            catch (KubernetesNotFoundException)
            {
                list = null;
            }
            _resourceLists[path] = list;
        }
        foreach (var resource in (list?["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = Str(resource["name"]) ?? "";
            if (Str(resource["kind"]) != kind || !ObjectNames.IsDnsLabel(name)) continue; // a subresource (pods/log) or no name
            var clusterScoped = resource["namespaced"] is JsonValue scope && scope.TryGetValue<bool>(out var namespaced) && !namespaced;
            return new ResourceType(group, version, name, kind, !clusterScoped);
        }
        return null;
    }

    /// <summary>A string field of the server's answer; null for anything else (the answer is read, never trusted).</summary>
    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
