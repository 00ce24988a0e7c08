using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// The API server decodes <c>metadata.labels</c> and <c>metadata.annotations</c> into Go's <c>map[string]string</c>, so a
/// value that is not a string (or a map that is not a map) is refused on every create, update and patch: a built-in type's
/// JSON decoder answers 400 BadRequest (<c>Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal
/// number into Go struct field ObjectMeta.metadata.labels of type string</c>), and a custom resource's metadata coercion
/// (apiextensions-apiserver's <c>objectmeta.Coerce</c>) answers 422 Invalid on <c>metadata</c> with the same decoder error.
/// A JSON null is what Go's decoder leaves as the empty string, so it is accepted.
/// </summary>
internal static class FakeObjectMetaTypes
{
    private static readonly HashSet<string> BuiltInGroups = new(StringComparer.Ordinal) { "", "apps", "coordination.k8s.io", "events.k8s.io" };

    public static void Check(FakeResourceType type, string name, JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata) return;
        foreach (var field in (ReadOnlySpan<string>)["labels", "annotations"])
        {
            if (metadata[field] is not { } map) continue;
            if (map is not JsonObject entries)
            {
                throw Refused(type, name, Kind(map), field, "map[string]string");
            }
            foreach (var (_, value) in entries)
            {
                if (value is null || value.GetValueKind() == JsonValueKind.String) continue;
                throw Refused(type, name, Kind(value), field, "string");
            }
        }
    }

    private static FakeKubeStatus Refused(FakeResourceType type, string name, string kind, string field, string goType)
    {
        if (BuiltInGroups.Contains(type.Group))
        {
            return FakeKubeStatus.BadRequest(
                $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: json: cannot unmarshal {kind} into Go struct field ObjectMeta.metadata.{field} of type {goType}");
        }
        return FakeKubeStatus.Invalid(type, name, "metadata", $"\"object\": json: cannot unmarshal {kind} into Go struct field ObjectMeta.{field} of type {goType}");
    }

    /// <summary>Go's encoding/json name for a JSON value's kind, as its UnmarshalTypeError says it.</summary>
    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "string",
    };
}
