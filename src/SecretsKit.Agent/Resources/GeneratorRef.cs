using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

/// <summary><c>dataFrom[].sourceRef.generatorRef</c>: a Password, UUID or ClusterGenerator (<c>generators.external-secrets.io/v1alpha1</c>).</summary>
internal sealed record GeneratorRef(string ApiVersion, string Kind, string Name)
{
    public static GeneratorRef? Parse(JsonNode? node) => node is JsonObject g
        ? new GeneratorRef(Json.Str(g["apiVersion"]) ?? "", Json.Str(g["kind"]) ?? "", Json.Str(g["name"]) ?? "")
        : null;
}
