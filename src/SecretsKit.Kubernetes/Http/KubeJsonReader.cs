using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes.Http;

/// <summary>
/// Reads the API server's JSON (an object, a list, a watch event) so that one object nested too deep for the client
/// fails alone. The API server accepts objects as deep as Go's decoder does (10,000 levels), and fields a CRD leaves open
/// (a template, a provider) can be nested by any tenant; <see cref="JsonNode"/> stops at 64. A body within that limit is
/// read as before; a deeper one is read again without a tree (<see cref="JsonDocument"/>, which does not recurse), every
/// object in it that nests at most <see cref="MaxObjectDepth"/> levels is kept whole, and each deeper one is replaced by a
/// stub: its shallow parts (metadata, status, the spec fields that fit) and <see cref="UnreadableProperty"/>, which names
/// the part that was too deep. Callers report such an object (<see cref="KubeObjectMetadata.GetUnreadableReason"/>) and go on.
/// </summary>
internal static class KubeJsonReader
{
    /// <summary>The deepest object kept whole: what a list page (an object in an array in an object) reads within 64.</summary>
    public const int MaxObjectDepth = 62;

    /// <summary>The top-level field of a stub that says why the object could not be read (never sent by an API server).</summary>
    public const string UnreadableProperty = "$secretskit-unreadable";

    /// <summary>Past Go's decoder (10,000), which bounds what an API server can hold, with room for the list around it.</summary>
    private static readonly JsonDocumentOptions Tolerant = new() { MaxDepth = 10_016 };

    /// <summary>A response body: an object, or a list whose items are read one by one; null when it is no JSON object.</summary>
    public static JsonObject? ReadObject(string text) => Read(text, root =>
    {
        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array) return ObjectOrStub(root);
        var list = new JsonObject();
        foreach (var member in root.EnumerateObject())
        {
            if (member.NameEquals("items")) list["items"] = new JsonArray([.. member.Value.EnumerateArray().Select(item => (JsonNode?)ObjectOrStub(item))]);
            else if (Fits(member.Value, MaxObjectDepth)) list[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }
        return list;
    });

    /// <summary>One line of a watch stream; null when it is no JSON object.</summary>
    public static JsonObject? ReadWatchEvent(string line) => Read(line, root =>
    {
        var ev = new JsonObject();
        foreach (var member in root.EnumerateObject())
        {
            if (member.NameEquals("object")) ev["object"] = ObjectOrStub(member.Value);
            else if (Fits(member.Value, MaxObjectDepth)) ev[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }
        return ev;
    });

    /// <summary>As a tree when it fits one; else through <paramref name="deep"/> over a document (no recursion); null when no JSON object.</summary>
    private static JsonObject? Read(string text, Func<JsonElement, JsonObject?> deep)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // too deep for a tree, or no JSON at all: read without one
        }
        try
        {
            using var doc = JsonDocument.Parse(text, Tolerant);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? deep(doc.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The object whole when it fits, else its stub.</summary>
    private static JsonObject? ObjectOrStub(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        if (Fits(element, MaxObjectDepth)) return JsonNode.Parse(element.GetRawText()) as JsonObject;
        var stub = new JsonObject();
        string? tooDeep = null;
        foreach (var member in element.EnumerateObject())
        {
            if (Fits(member.Value, MaxObjectDepth - 1))
            {
                stub[member.Name] = JsonNode.Parse(member.Value.GetRawText());
                continue;
            }
            if (member.Value.ValueKind != JsonValueKind.Object)
            {
                tooDeep ??= member.Name;
                continue;
            }
            // one level down: keep what fits (metadata without a deep managedFields, a spec's shallow references)
            var part = new JsonObject();
            foreach (var inner in member.Value.EnumerateObject())
            {
                if (Fits(inner.Value, MaxObjectDepth - 2)) part[inner.Name] = JsonNode.Parse(inner.Value.GetRawText());
                else tooDeep ??= member.Name + "." + inner.Name;
            }
            stub[member.Name] = part;
        }
        stub.Remove(UnreadableProperty);
        stub[UnreadableProperty] = $"{tooDeep ?? "a field"} nests deeper than {MaxObjectDepth} levels";
        return stub;
    }

    /// <summary>Whether <paramref name="element"/> nests at most <paramref name="depth"/> levels (a scalar 0, <c>{}</c> 1), without recursion.</summary>
    private static bool Fits(JsonElement element, int depth)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) return true;
        var reader = new Utf8JsonReader(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), new JsonReaderOptions { MaxDepth = Tolerant.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= depth) return false;
        }
        return true;
    }
}
