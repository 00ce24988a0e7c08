using System.Text.Json;
using SecretsKit.Cel.Library;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>A JSON value seen through its structural schema, as the API server hands it to CEL: objects are maps
/// with string keys (field presence is key presence, so <c>has()</c> is presence, not emptiness), integers are int,
/// numbers double, strings with format <c>byte</c>, <c>duration</c>, <c>date</c>, <c>date-time</c> are bytes,
/// durations and timestamps, <c>x-kubernetes-list-type</c> set and map lists compare without order,
/// int-or-string and preserve-unknown-fields values are taken as they are.</summary>
public static class KubernetesValues
{
    public static object? FromJson(JsonElement value, KubernetesSchema? schema)
    {
        if (Typed(schema) is not { } typed)
            return CelConvert.FromJson(value);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return new CelMap(value.EnumerateObject().Select(p =>
                    new KeyValuePair<object, object?>(p.Name, FromJson(p.Value, Field(typed, p.Name)))));
            case JsonValueKind.Array:
                return List(value.EnumerateArray().Select(v => FromJson(v, typed.Items)).ToList(), typed);
            case JsonValueKind.String:
                return FromString(value.GetString()!, typed);
            case JsonValueKind.Number:
                return typed.Type == "number" ? value.GetDouble() : CelConvert.FromJson(value);
            default:
                return CelConvert.FromJson(value);
        }
    }

    /// <summary>The schema a value is typed by, or null when the value (and all below it) is taken as it is: no
    /// schema, int-or-string, or preserve-unknown-fields without a type. For callers that build the values of
    /// <see cref="FromJson"/> themselves, from these parts.</summary>
    public static KubernetesSchema? Typed(KubernetesSchema? schema) =>
        schema is null || schema.IntOrString || (schema.Type is null && schema.PreserveUnknownFields) ? null : schema;

    /// <summary>The schema of an object's field: a declared property, else the map value schema, else none.</summary>
    public static KubernetesSchema? Field(KubernetesSchema? schema, string name)
    {
        if (schema is null)
            return null;
        if (schema.Properties.TryGetValue(name, out var property))
            return property;
        return schema.AdditionalProperties;
    }

    /// <summary>A list of converted items: a set or map list under a typed schema that says so (compared without order).</summary>
    public static CelList List(IReadOnlyList<object?> items, KubernetesSchema? schema) => Typed(schema)?.ListType switch
    {
        "set" => new CelList(items, CelListKind.Set),
        "map" => new CelList(items, CelListKind.Map) { MapKeys = schema!.ListMapKeys },
        _ => new CelList(items),
    };

    /// <summary>A string: under a typed schema with format byte, duration, date or date-time, the bytes, duration or
    /// timestamp it denotes (the text itself when it does not parse).</summary>
    public static object FromString(string text, KubernetesSchema? schema) =>
        Typed(schema) is { } typed ? FormattedString(text, typed.Format) : text;

    /// <summary>An integer: a double under a typed <c>number</c> schema, else an int.</summary>
    public static object FromInteger(long value, KubernetesSchema? schema) =>
        Typed(schema) is { Type: "number" } ? (object)(double)value : value;

    private static object FormattedString(string text, string? format)
    {
        switch (format)
        {
            case "byte":
                var buffer = new byte[text.Length];
                return Convert.TryFromBase64String(text, buffer, out var length) ? new CelBytes(buffer[..length]) : text;
            case "duration":
                return TimeText.ParseDuration(text) is { } nanos ? new CelDuration(nanos) : text;
            case "date":
                return TimeText.ParseTimestamp(text + "T00:00:00Z") is { } date ? date : text;
            case "date-time":
                return TimeText.ParseTimestamp(text) is { } time ? time : text;
            default:
                return text;
        }
    }
}
