using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Templates;
using SecretsKit.Go.Json;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Agent.Generators.Vault;

/// <summary>
/// The keys of a VaultDynamicSecret's response as ESO writes them. ESO decodes the response into Vault's Go client
/// <c>Secret</c> struct: <c>Data</c> keeps the <c>data</c> map as it came (numbers with their own text), while
/// <c>Auth</c> and <c>Raw</c> go through that struct and back through JSON, so only its fields are kept (an
/// <c>auth</c> block's client_token … mfa_requirement; a response's request_id … mount_type), absent ones get Go's
/// zero values and numbers become float64. Each value then as ESO's <c>GetByteValue</c>: strings raw, numbers and
/// booleans as text, objects and lists as Go's JSON, null as empty.
/// </summary>
internal static class VaultDynamicResult
{
    public static IReadOnlyDictionary<string, byte[]> Keys(JsonObject response, string resultType)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var (fields, numbersAsFloat) = resultType switch
        {
            "Auth" => (response["auth"] is JsonObject auth ? Auth(auth) : new JsonObject(), true),
            "Raw" => (Raw(response), true),
            _ => (response["data"] as JsonObject ?? new JsonObject(), false),
        };
        foreach (var (key, value) in fields) keys[key] = Bytes(value, numbersAsFloat);
        return keys;
    }

    /// <summary>The response through Go's <c>api.Secret</c>: its nine fields, auth / wrap_info / mount_type only when set.</summary>
    private static JsonObject Raw(JsonObject r)
    {
        var o = new JsonObject
        {
            ["request_id"] = Str(r["request_id"]),
            ["lease_id"] = Str(r["lease_id"]),
            ["lease_duration"] = Int(r["lease_duration"]),
            ["renewable"] = Bool(r["renewable"]),
            ["data"] = r["data"] is JsonObject data ? data.DeepClone() : null,
            ["warnings"] = r["warnings"] is JsonArray warnings ? warnings.DeepClone() : null,
        };
        if (r["auth"] is JsonObject auth) o["auth"] = Auth(auth);
        if (r["wrap_info"] is JsonObject wrap)
        {
            o["wrap_info"] = new JsonObject
            {
                ["token"] = Str(wrap["token"]),
                ["accessor"] = Str(wrap["accessor"]),
                ["ttl"] = Int(wrap["ttl"]),
                ["creation_time"] = Str(wrap["creation_time"]) is { Length: > 0 } t ? t : "0001-01-01T00:00:00Z",
                ["creation_path"] = Str(wrap["creation_path"]),
                ["wrapped_accessor"] = Str(wrap["wrapped_accessor"]),
            };
        }
        if (Str(r["mount_type"]) is { Length: > 0 } mountType) o["mount_type"] = mountType;
        return o;
    }

    /// <summary>An <c>auth</c> block through Go's <c>api.SecretAuth</c>.</summary>
    private static JsonObject Auth(JsonObject a) => new()
    {
        ["client_token"] = Str(a["client_token"]),
        ["accessor"] = Str(a["accessor"]),
        ["policies"] = a["policies"] is JsonArray p ? p.DeepClone() : null,
        ["token_policies"] = a["token_policies"] is JsonArray tp ? tp.DeepClone() : null,
        ["identity_policies"] = a["identity_policies"] is JsonArray ip ? ip.DeepClone() : null,
        ["metadata"] = a["metadata"] is JsonObject m ? m.DeepClone() : null,
        ["orphan"] = Bool(a["orphan"]),
        ["entity_id"] = Str(a["entity_id"]),
        ["lease_duration"] = Int(a["lease_duration"]),
        ["renewable"] = Bool(a["renewable"]),
        ["mfa_requirement"] = a["mfa_requirement"] is JsonObject mfa ? mfa.DeepClone() : null,
    };

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>A Go int field after the round trip through <c>any</c>: a float64.</summary>
    private static double Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static byte[] Bytes(JsonNode? value, bool numbersAsFloat)
    {
        switch (value)
        {
            case null:
                return [];
            case JsonObject or JsonArray:
                return GoJsonNodes.Marshal(value, escapeHtml: true);
        }
        var v = value.AsValue();
        return v.GetValueKind() switch
        {
            JsonValueKind.String => Encoding.UTF8.GetBytes(v.GetValue<string>()),
            JsonValueKind.True => "true"u8.ToArray(),
            JsonValueKind.False => "false"u8.ToArray(),
            JsonValueKind.Number when numbersAsFloat => Encoding.ASCII.GetBytes(GoFloat.FormatF(v.GetValue<double>())),
            JsonValueKind.Number => Encoding.ASCII.GetBytes(NumberText(v)),
            _ => [],
        };
    }

    /// <summary>A number as the response spelled it (Go's <c>json.Number</c>).</summary>
    private static string NumberText(JsonValue v) =>
        v.TryGetValue<JsonElement>(out var e) ? e.GetRawText() : v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);
}
