using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// ESO's value rules, the one copy every provider (and the agent's fetch) goes through. A property is an exact top-level
/// key first, else a dotted path through objects and array indices (gjson's <c>a.0.b</c>), and reads as gjson's
/// <c>Result.String()</c>: a string raw, <c>null</c> empty, an integer as written, another number as Go's shortest
/// <c>'f'</c> form, an object or array as its JSON text. A map (<c>dataFrom.extract</c>) is a JSON object whose values read
/// as ESO's <c>json.RawMessage</c> loop: a string raw, anything else its JSON text (<c>null</c> is <c>"null"</c>).
/// A property that does not exist is <see cref="SecretNotFoundException"/>; a value that is not JSON (or not an object,
/// for a map) is a <see cref="SecretsKitException"/>: ESO's providers fail the sync on it (not <c>NoSecretErr</c>), so
/// no <c>deletionPolicy</c> applies.
/// </summary>
public static class ProviderValues
{
    private static readonly JsonWriterOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <paramref name="property"/> of a JSON secret value (see the type's rules).</summary>
    public static byte[] Select(string provider, string key, ReadOnlySpan<byte> value, string property)
    {
        using var document = Parse(provider, key, value, $"property '{property}' cannot be selected");
        return TrySelect(document.RootElement, property, out var found)
            ? Text(found)
            : throw new SecretNotFoundException(provider, key, $"property '{property}' does not exist");
    }

    /// <summary>A JSON object secret value as key → bytes (see the type's rules).</summary>
    public static IReadOnlyDictionary<string, byte[]> ToMap(string provider, string key, ReadOnlySpan<byte> value)
    {
        using var document = Parse(provider, key, value, "it cannot be read as a key/value map");
        return Map(provider, key, document.RootElement);
    }

    /// <summary>The map (<see cref="ToMap"/>) of the value at <paramref name="property"/>, or of the whole value when null.</summary>
    public static IReadOnlyDictionary<string, byte[]> MapAt(string provider, string key, ReadOnlySpan<byte> value, string? property)
    {
        if (property is null) return ToMap(provider, key, value);
        using var document = Parse(provider, key, value, "it cannot be read as a key/value map");
        return TrySelect(document.RootElement, property, out var found)
            ? Map(provider, key, found)
            : throw new SecretNotFoundException(provider, key, $"property '{property}' does not exist");
    }

    /// <summary>A parsed JSON value as bytes by the property rule (a string raw, <c>null</c> empty, …).</summary>
    public static byte[] ToBytes(JsonNode? value)
    {
        if (value is null) return [];
        using var document = JsonDocument.Parse(Utf8(value));
        return Text(document.RootElement);
    }

    /// <summary>A parsed JSON value as compact UTF-8 JSON (non-ASCII kept as is, as Go writes it).</summary>
    public static byte[] Utf8(JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Unescaped)) value.WriteTo(writer);
        return buffer.ToArray();
    }

    /// <summary>Finds <paramref name="property"/>: the exact top-level key first, then a dotted path through objects and arrays.</summary>
    public static bool TrySelect(JsonElement root, string property, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(property);
        value = root;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out value)) return true;
        value = root;
        foreach (var segment in property.Split('.'))
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var next)) value = next;
            else if (value.ValueKind == JsonValueKind.Array && Index(segment) is { } i && i < value.GetArrayLength()) value = value[i];
            else return false;
        }
        return true;
    }

    /// <summary>One selected value as gjson's <c>Result.String()</c> reads it.</summary>
    public static byte[] Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Encoding.UTF8.GetBytes(value.GetString()!),
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        JsonValueKind.True => "true"u8.ToArray(),
        JsonValueKind.False => "false"u8.ToArray(),
        JsonValueKind.Number => Encoding.UTF8.GetBytes(Number(value.GetRawText())),
        _ => Encoding.UTF8.GetBytes(value.GetRawText()),
    };

    private static Dictionary<string, byte[]> Map(string provider, string key, JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{provider}: secret '{key}' is not a JSON object, so it cannot be read as a key/value map");
        }
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var p in node.EnumerateObject())
        {
            map[p.Name] = Encoding.UTF8.GetBytes(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        }
        return map;
    }

    private static JsonDocument Parse(string provider, string key, ReadOnlySpan<byte> value, string consequence)
    {
        try
        {
            var reader = new Utf8JsonReader(value);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{provider}: secret '{key}' is not JSON, so {consequence}");
        }
    }

    private static int? Index(string segment) =>
        segment.Length > 0 && segment.All(char.IsAsciiDigit) && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>gjson: an integer as written; another number through Go's <c>strconv.FormatFloat(f, 'f', -1, 64)</c>.</summary>
    private static string Number(string raw)
    {
        var digits = raw.StartsWith('-') ? raw[1..] : raw;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit)) return raw;
        var r = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return r;
        var sign = r.StartsWith('-') ? "-" : "";
        var mantissa = r[sign.Length..e].Replace(".", "", StringComparison.Ordinal);
        var point = r[sign.Length..e].IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? dot : e - sign.Length;
        point += int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return sign + (point <= 0 ? "0." + new string('0', -point) + mantissa
            : point >= mantissa.Length ? mantissa + new string('0', point - mantissa.Length)
            : mantissa[..point] + "." + mantissa[point..]);
    }
}
