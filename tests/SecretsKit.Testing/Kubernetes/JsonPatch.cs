using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>RFC 6902 JSON patch, the add/remove/replace/test operations (enough for finalizer and label edits).</summary>
public static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        var doc = (JsonObject)target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>();
            var path = op["path"]?.GetValue<string>() ?? throw FakeKubeStatus.BadRequest("json patch operation without path");
            var parts = path.Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
            if (parts.Length == 0) throw FakeKubeStatus.BadRequest("json patch on the document root is not supported");
            JsonNode parent = doc;
            foreach (var p in parts[..^1])
            {
                parent = (parent is JsonArray a ? a[int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)] : parent[p])
                    ?? throw new FakeKubeStatus(422, "Invalid", $"json patch path {path} does not exist");
            }
            var last = parts[^1];
            switch (kind)
            {
                case "add" or "replace" when parent is JsonArray arr:
                    var value = op["value"]?.DeepClone();
                    if (last == "-") arr.Add(value);
                    else if (kind == "add") arr.Insert(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), value);
                    else arr[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
                    break;
                case "add" or "replace":
                    parent[last] = op["value"]?.DeepClone();
                    break;
                case "remove" when parent is JsonArray arr2:
                    arr2.RemoveAt(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "remove":
                    if (!((JsonObject)parent).Remove(last)) throw new FakeKubeStatus(422, "Invalid", $"json patch remove: {path} does not exist");
                    break;
                case "test":
                    var actual = parent is JsonArray ta ? ta[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] : parent[last];
                    if (!JsonNode.DeepEquals(actual, op["value"])) throw new FakeKubeStatus(422, "Invalid", $"json patch test failed at {path}");
                    break;
                default:
                    throw FakeKubeStatus.BadRequest($"json patch operation {kind} is not supported by the fake");
            }
        }
        return doc;
    }
}
