using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>The server-side printing format (<c>meta.k8s.io/v1 Table</c>) that <c>kubectl get</c> asks for: NAME and AGE columns.</summary>
internal static class FakeKubeTable
{
    public static bool WantsTable(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject FromList(JsonObject list)
    {
        var items = (JsonArray)list["items"]!;
        var table = FromObjects(null, items.Select(i => (JsonObject)i!).ToList(), list["metadata"]!["resourceVersion"]!.GetValue<string>());
        if (list["metadata"]!["continue"] is { } c) table["metadata"]!["continue"] = c.DeepClone();
        return table;
    }

    public static JsonObject FromObjects(FakeResourceType? type, IReadOnlyList<JsonObject> objects, string resourceVersion)
    {
        _ = type;
        var rows = new JsonArray();
        foreach (var o in objects) rows.Add(Row(o));
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray(
                Column("Name", "string", "name", "Name must be unique within a namespace."),
                Column("Age", "string", "", "CreationTimestamp is the time the object was created.")),
            ["rows"] = rows,
        };
    }

    private static JsonObject Column(string name, string type, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };

    private static JsonObject Row(JsonObject o)
    {
        var meta = o["metadata"]!;
        var age = "<unknown>";
        if (DateTimeOffset.TryParse(meta["creationTimestamp"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            var span = DateTimeOffset.UtcNow - created;
            age = span.TotalSeconds < 120 ? $"{Math.Max(0, (int)span.TotalSeconds)}s"
                : span.TotalMinutes < 120 ? $"{(int)span.TotalMinutes}m"
                : $"{(int)span.TotalHours}h";
        }
        return new JsonObject
        {
            ["cells"] = new JsonArray(meta["name"]?.GetValue<string>(), age),
            ["object"] = new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = meta.DeepClone(),
            },
        };
    }
}
