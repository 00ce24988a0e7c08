using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>A JSON object as the API server hands unstructured objects to CEL: maps with string keys, lists, int for integral numbers, double otherwise.</summary>
internal static class CelJson
{
    public static object? From(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new CelMap(o.Select(p => new KeyValuePair<object, object?>(p.Key, From(p.Value)))),
        JsonArray a => new CelList(a.Select(From).ToList()),
        JsonValue v => Scalar(v),
        _ => null,
    };

    private static object? Scalar(JsonValue v)
    {
        switch (v.GetValueKind())
        {
            case JsonValueKind.String:
                return v.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                var text = v.ToJsonString();
                if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase)
                    && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return l;
                }
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }
}
