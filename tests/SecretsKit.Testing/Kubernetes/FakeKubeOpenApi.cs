using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// The minimum honest OpenAPI v3 that kubectl needs for client-side validation: an index of group-versions and,
/// per group-version, one schema per kind that accepts any fields (like a CRD with
/// <c>x-kubernetes-preserve-unknown-fields</c>), plus one PATCH path per kind declaring <c>fieldValidation</c>.
/// </summary>
internal static class FakeKubeOpenApi
{
    public static JsonObject Index(IEnumerable<FakeResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => t.GroupVersion).Distinct())
        {
            var key = PathFor(gv);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash=0" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static string PathFor(string groupVersion) => groupVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{groupVersion}" : $"api/{groupVersion}";

    public static JsonObject Document(string groupVersion, IEnumerable<FakeResourceType> types)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var t in types.Where(t => t.GroupVersion == groupVersion))
        {
            var gvk = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };
            var itemPath = $"/{PathFor(groupVersion)}/{(t.Namespaced ? "namespaces/{namespace}/" : "")}{t.Plural}/{{name}}";
            // kubectl reads PATCH operations to learn that the server validates fields itself (fieldValidation),
            // so it skips client-side schema validation. No requestBody is published: kubectl then computes
            // strategic merge patches from its compiled-in types rather than from these schemas.
            paths[itemPath] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{t.Kind}",
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["x-kubernetes-group-version-kind"] = gvk,
                },
            };
            var prefix = t.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', t.Group.Split('.').Reverse());
            schemas[$"{prefix}.{t.Version}.{t.Kind}"] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind }),
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>
    /// <c>/openapi/v2</c>, which helm 3's client (k8s.io/kubectl 0.25) fetches before it builds a release's objects: a
    /// valid OpenAPI v2 document (gnostic's protobuf <c>Document</c>: swagger, info, empty paths) with no definitions, so
    /// no kind has a client-side schema and the server's own validation is what checks the objects, as with CRDs that
    /// preserve unknown fields. JSON when the client asks for JSON.
    /// </summary>
    public static async Task WriteV2Async(HttpContext ctx)
    {
        if (ctx.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.Ordinal))
        {
            ctx.Response.ContentType = "application/octet-stream"; // what kube-openapi answers a protobuf Accept with
            byte[] info = [.. Field(1, "Kubernetes"u8), .. Field(2, "v1.35.0"u8)];
            byte[] document = [.. Field(1, "2.0"u8), .. Field(2, info), .. Field(8, [])];
            await ctx.Response.Body.WriteAsync(document, ctx.RequestAborted);
            return;
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync("""{"swagger":"2.0","info":{"title":"Kubernetes","version":"v1.35.0"},"paths":{}}""", ctx.RequestAborted);

        // a length-delimited protobuf field (wire type 2); every length here is below 128, one varint byte
        static byte[] Field(int number, ReadOnlySpan<byte> value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];
    }
}
