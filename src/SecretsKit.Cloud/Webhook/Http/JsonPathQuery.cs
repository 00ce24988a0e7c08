using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Webhook.Http;

/// <summary>
/// The JSONPath forms webhook results use (<c>$</c>, <c>.name</c>, <c>["name"]</c>/<c>['name']</c>, <c>[index]</c>),
/// evaluated on a parsed response. Filters, wildcards and recursive descent are refused with a clear error.
/// </summary>
public static class JsonPathQuery
{
    /// <summary>The selected node; <paramref name="found"/> false when a step does not exist. Throws <see cref="FormatException"/> for an unsupported path.</summary>
    public static JsonNode? Select(JsonNode? root, string path, out bool found)
    {
        found = true;
        var i = 0;
        if (path.StartsWith('$')) i = 1;
        var node = root;
        while (i < path.Length)
        {
            string? name = null;
            int? index = null;
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '[')) end++;
                name = path[(i + 1)..end];
                if (name.Length == 0 || name is "*" || name.StartsWith('.')) throw new FormatException($"unsupported JSONPath step at {i}");
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) throw new FormatException("unclosed [ in JSONPath");
                var inner = path[(i + 1)..close].Trim();
                if (inner.Length >= 2 && inner[0] is '"' or '\'' && inner[^1] == inner[0]) name = inner[1..^1];
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) index = n;
                else throw new FormatException($"unsupported JSONPath step [{inner}]");
                i = close + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{path[i]}' at {i} in JSONPath");
            }
            switch (node, name, index)
            {
                case (JsonObject o, { } key, _) when o.TryGetPropertyValue(key, out var child):
                    node = child;
                    break;
                case (JsonArray a, null, { } k) when k < a.Count:
                    node = a[k];
                    break;
                default:
                    found = false;
                    return null;
            }
        }
        return node;
    }
}
