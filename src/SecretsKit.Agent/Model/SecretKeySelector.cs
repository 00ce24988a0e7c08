using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary>A reference to one key of a Kubernetes Secret (<c>{name, key, namespace}</c>).</summary>
internal sealed record SecretKeySelector(string Name, string Key, string? Namespace)
{
    public static SecretKeySelector? Parse(JsonNode? node) =>
        node is JsonObject o && Json.Str(o["name"]) is { } name
            ? new SecretKeySelector(name, Json.Str(o["key"]) ?? "", Json.Str(o["namespace"]))
            : null;
}
