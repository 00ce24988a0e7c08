using System.Text.Json;
using SecretsKit.Cel.Library;

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
        if (schema is null || schema.IntOrString || (schema.Type is null && schema.PreserveUnknownFields))
            return CelConvert.FromJson(value);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return new CelMap(value.EnumerateObject().Select(p =>
                    new KeyValuePair<object, object?>(p.Name, FromJson(p.Value, FieldSchema(schema, p.Name)))));
            case JsonValueKind.Array:
                var items = value.EnumerateArray().Select(v => FromJson(v, schema.Items)).ToList();
                return schema.ListType switch
                {
                    "set" => new CelList(items, CelListKind.Set),
                    "map" => new CelList(items, CelListKind.Map) { MapKeys = schema.ListMapKeys },
                    _ => new CelList(items),
                };
            case JsonValueKind.String:
                return FormattedString(value.GetString()!, schema.Format);
            case JsonValueKind.Number:
                return schema.Type == "number" ? value.GetDouble() : CelConvert.FromJson(value);
            default:
                return CelConvert.FromJson(value);
        }
    }

    private static KubernetesSchema? FieldSchema(KubernetesSchema schema, string name)
    {
        if (schema.Properties.TryGetValue(name, out var property))
            return property;
        if (schema.AdditionalProperties is not null)
            return schema.AdditionalProperties;
        return null;
    }

    private static object? FormattedString(string text, string? format)
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
