using System.Text.Json;
using SecretsKit.Go.Values;

namespace SecretsKit.Testing.GoTemplate;

/// <summary>
/// Case data as Go's <c>encoding/json</c> gives it to a template (objects as <c>map[string]interface {}</c>, arrays as
/// <c>[]interface {}</c>, every number a float64), or as ESO gives it (<c>map[string]string</c>).
/// </summary>
public static class GoJsonData
{
    public static object? FromJson(JsonElement? e) => e is { } v ? Value(v) : null;

    /// <summary>An object of strings as a <c>map[string]string</c> (ESO's secret data).</summary>
    public static GoTypedDictionary StringMap(JsonElement? e) =>
        GoTypedDictionary.Strings(e is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? ""))
            : []);

    private static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) =>
        {
            d[p.Name] = Value(p.Value);
            return d;
        }),
        JsonValueKind.Array => e.EnumerateArray().Select(Value).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
