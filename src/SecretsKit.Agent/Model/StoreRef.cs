using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary><c>secretStoreRef</c>: store name and kind.</summary>
internal sealed record StoreRef(string Name, StoreKind Kind)
{
    public static StoreRef? Parse(JsonNode? node) =>
        node is JsonObject o && Json.Str(o["name"]) is { } name
            ? new StoreRef(name, Json.Str(o["kind"]) == "ClusterSecretStore" ? StoreKind.ClusterSecretStore : StoreKind.SecretStore)
            : null;
}
