using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// RFC 7386 JSON merge patch. Also used, as an approximation, for strategic merge patches and server-side apply:
/// keys starting with <c>$</c> (strategic-merge directives such as <c>$setElementOrder</c>) are dropped and lists are
/// replaced whole rather than merged by key.
/// </summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$')) continue;
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var merged = Apply(result[key], value);
            result[key] = merged;
        }
        return result;
    }
}
