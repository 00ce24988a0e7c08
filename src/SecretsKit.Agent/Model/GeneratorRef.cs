using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary><c>sourceRef.generatorRef</c>: a generator kind or ClusterGenerator (<c>generators.external-secrets.io/v1alpha1</c>).</summary>
internal sealed record GeneratorRef(string ApiVersion, string Kind, string Name)
{
    public const string Group = "generators.external-secrets.io";

    public static GeneratorRef? Parse(JsonNode? node) => node is JsonObject g
        ? new GeneratorRef(Json.Str(g["apiVersion"]) ?? $"{Group}/v1alpha1", Json.Str(g["kind"]) ?? "", Json.Str(g["name"]) ?? "")
        : null;

    /// <summary>
    /// ESO's refusal of an <c>apiVersion</c> (parsed as Kubernetes' <c>ParseGroupVersion</c> does) outside the generators
    /// group or its v1alpha1 version, or null when it names <c>generators.external-secrets.io/v1alpha1</c>.
    /// </summary>
    public string? ApiVersionError()
    {
        string group = "", version = "";
        if (ApiVersion.Length > 0 && ApiVersion != "/")
        {
            switch (ApiVersion.Count(c => c == '/'))
            {
                case 0:
                    version = ApiVersion;
                    break;
                case 1:
                    var slash = ApiVersion.IndexOf('/', StringComparison.Ordinal);
                    (group, version) = (ApiVersion[..slash], ApiVersion[(slash + 1)..]);
                    break;
                default:
                    return $"generatorRef has invalid APIVersion: unexpected GroupVersion string: {Core.Errors.Echo.Bounded(ApiVersion)}";
            }
        }
        if (group != Group) return $"generatorRef may only reference the generators group, but got {Core.Errors.Echo.Bounded(group)}";
        return version == "v1alpha1" ? null : $"generatorRef references unknown GVK {group}/{Core.Errors.Echo.Bounded(version)}, Kind={Kind}";
    }
}
