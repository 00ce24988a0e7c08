using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// Metadata-only responses (<c>Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1</c>), which
/// controllers use to watch Secrets without holding their data.
/// </summary>
internal static class FakeKubePartialMetadata
{
    public static bool Wanted(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Contains("as=PartialObjectMetadata", StringComparison.Ordinal);

    public static JsonObject FromObject(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    public static JsonObject FromList(JsonObject list)
    {
        var items = new JsonArray();
        foreach (var item in (JsonArray)list["items"]!) items.Add(FromObject((JsonObject)item!));
        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadataList",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = list["metadata"]!.DeepClone(),
            ["items"] = items,
        };
    }
}
