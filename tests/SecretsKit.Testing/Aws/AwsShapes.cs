using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Aws;

/// <summary>
/// Request-shape checks the AWS JSON 1.1 services make before an operation runs, shared by the fakes: a member the
/// operation does not define, a member of the wrong JSON type (<c>SerializationException</c>), a missing required member
/// or one outside its length / count bounds (<c>ValidationException</c>, AWS's "1 validation error detected" text),
/// and tag lists (key 1–128, value 0–256 characters, at most 50 tags).
/// </summary>
public static class AwsShapes
{
    /// <summary>At most this many tags on one resource (Secrets Manager and SSM).</summary>
    public const int MaxTags = 50;

    /// <summary>An error as <c>(type, message)</c>, or null when the request is well formed.</summary>
    public static (string Type, string Message)? Unknown(JsonObject body, params string[] known) =>
        body.FirstOrDefault(p => !known.Contains(p.Key, StringComparer.Ordinal)).Key is { } field
            ? ("SerializationException", $"Unknown field {field}")
            : null;

    /// <summary>Checks a string member: its type, presence when <paramref name="required"/>, and its length.</summary>
    public static (string Type, string Message)? Text(JsonObject body, string name, bool required, int min = 0, int max = int.MaxValue)
    {
        switch (body[name])
        {
            case null:
                return required ? Missing(name) : null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var length = v.GetValue<string>().Length;
                return length < min ? Constraint(name, $"Member must have length greater than or equal to {min}")
                    : length > max ? Constraint(name, $"Member must have length less than or equal to {max}")
                    : null;
            default:
                return ("SerializationException", $"Unexpected value type for {name}: expected a string");
        }
    }

    /// <summary>Checks a boolean member.</summary>
    public static (string Type, string Message)? Flag(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => null,
        _ => ("SerializationException", $"Unexpected value type for {name}: expected a boolean"),
    };

    /// <summary>Checks a list of strings (each 1..<paramref name="itemMax"/> characters) of at most <paramref name="maxCount"/> items.</summary>
    public static (string Type, string Message)? Strings(JsonObject body, string name, bool required, int maxCount, int itemMax)
    {
        switch (body[name])
        {
            case null:
                return required ? Missing(name) : null;
            case JsonArray a:
                if (a.Any(i => i is not JsonValue v || v.GetValueKind() != JsonValueKind.String)) return ("SerializationException", $"Unexpected value type in {name}: expected strings");
                if (a.Count > maxCount) return Constraint(name, $"Member must have length less than or equal to {maxCount}");
                return a.Any(i => i!.GetValue<string>().Length is 0 || i!.GetValue<string>().Length > itemMax)
                    ? Constraint(name, $"Member must satisfy constraint: [Member must have length less than or equal to {itemMax}, Member must have length greater than or equal to 1]")
                    : null;
            default:
                return ("SerializationException", $"Unexpected value type for {name}: expected a list");
        }
    }

    /// <summary>Checks a list of <c>{Key, Value}</c> tags (both members required, as SSM's shape and Secrets Manager's service demand).</summary>
    public static (string Type, string Message)? Tags(JsonObject body, string name, bool required)
    {
        switch (body[name])
        {
            case null:
                return required ? Missing(name) : null;
            case JsonArray a:
                if (a.Count > MaxTags) return Constraint(name, $"Member must have length less than or equal to {MaxTags}");
                foreach (var item in a)
                {
                    if (item is not JsonObject tag) return ("SerializationException", $"Unexpected value type in {name}: expected objects");
                    if (Unknown(tag, "Key", "Value") is { } unknown) return unknown;
                    if (Text(tag, "Key", true, 1, 128) is { } key) return key;
                    if (Text(tag, "Value", true, 0, 256) is { } value) return value;
                }
                return null;
            default:
                return ("SerializationException", $"Unexpected value type for {name}: expected a list");
        }
    }

    /// <summary>The tags of a request as a map (call after <see cref="Tags"/> accepted them).</summary>
    public static Dictionary<string, string> TagMap(JsonObject body, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in (body[name] as JsonArray ?? []).OfType<JsonObject>()) map[tag["Key"]!.GetValue<string>()] = tag["Value"]!.GetValue<string>();
        return map;
    }

    /// <summary>The first problem of several checks, or null.</summary>
    public static (string Type, string Message)? First(params (string Type, string Message)?[] checks) => checks.FirstOrDefault(c => c is not null);

    private static (string Type, string Message) Missing(string name) =>
        ("ValidationException", $"1 validation error detected: Value null at '{Camel(name)}' failed to satisfy constraint: Member must not be null");

    private static (string Type, string Message) Constraint(string name, string rule) =>
        ("ValidationException", $"1 validation error detected: Value at '{Camel(name)}' failed to satisfy constraint: {rule}");

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
