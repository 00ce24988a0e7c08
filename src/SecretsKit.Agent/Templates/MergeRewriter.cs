using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Go.Json;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// <c>rewrite[].merge</c> as ESO's <c>RewriteMerge</c>: every value is read as a JSON object; the keys not listed in
/// <c>priority</c> are merged in sorted order, then the <c>priority</c> keys in their order (a later one wins). A field
/// already set by an earlier key is a conflict (<c>conflictPolicy: Error</c> fails, naming the fields). <c>Extract</c>
/// (the default) makes each merged field a key (strings as they are, other values as Go's <c>json.Marshal</c> writes
/// them); <c>JSON</c> keeps the input and writes the merged object, as Go's encoder without HTML escaping, to <c>into</c>.
/// </summary>
internal static class MergeRewriter
{
    public static Dictionary<string, byte[]> Merge(MergeRewrite op, Dictionary<string, byte[]> input)
    {
        var merged = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        var order = input.Keys.Where(k => !op.Priority.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).Concat(op.Priority);
        foreach (var key in order)
        {
            if (!input.TryGetValue(key, out var value))
            {
                if (op.PriorityPolicy == "IgnoreNotFound") continue;
                throw new KeyRewriteException($"merge failed with key {GoQuote.Quote(key)} not found in input map");
            }
            foreach (var (field, node) in ReadObject(value))
            {
                if (merged.ContainsKey(field)) conflicts.Add(field);
                merged[field] = node;
            }
        }
        if (op.ConflictPolicy != "Ignore" && conflicts.Count > 0) throw new KeyRewriteException($"merge failed with conflicts: {string.Join(", ", conflicts)}");
        switch (op.Strategy)
        {
            case "JSON":
                if (op.Into.Length == 0) throw new KeyRewriteException("merge failed with missing 'into' field");
                var result = new Dictionary<string, byte[]>(input, StringComparer.Ordinal) { [op.Into] = GoJsonNodes.Marshal(merged, escapeHtml: false) };
                return result;
            case "Extract" or "":
                return merged.ToDictionary(kv => kv.Key,
                    kv => kv.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Encoding.UTF8.GetBytes(v.GetValue<string>())
                        : kv.Value is null ? []
                        : kv.Value.GetValueKind() == JsonValueKind.Number ? Encoding.ASCII.GetBytes(GoFloat.FormatF(kv.Value.GetValue<double>()))
                        : kv.Value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? GoJsonNodes.Marshal(kv.Value, escapeHtml: false)
                        : GoJsonNodes.Marshal(kv.Value, escapeHtml: true), StringComparer.Ordinal);
            default:
                // ESO returns no map for a strategy it does not know (the CRD's enum stops it before)
                return new Dictionary<string, byte[]>(StringComparer.Ordinal);
        }
    }

    /// <summary>A value as Go's <c>json.Unmarshal</c> into <c>map[string]any</c> reads it: JSON <c>null</c> is no fields.</summary>
    private static IEnumerable<KeyValuePair<string, JsonNode?>> ReadObject(byte[] value)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new KeyRewriteException($"merge failed with failed to unmarshal JSON: {Core.Errors.Echo.Bounded(FirstSentence(e.Message))}");
        }
        return node switch
        {
            null => [],
            JsonObject o => [.. o.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))],
            _ => throw new KeyRewriteException(
                $"merge failed with failed to unmarshal JSON: json: cannot unmarshal {GoKind(node.GetValueKind())} into Go value of type map[string]interface {{}}"),
        };
    }

    // System.Text.Json's messages name a line and position; values never appear in them
    private static string FirstSentence(string message) => message.Split(". ", 2)[0];

    private static string GoKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };
}
