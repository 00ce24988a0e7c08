using System.Collections;
using System.Text.Json;

namespace SecretsKit.Cel.Values;

/// <summary>Turns .NET values into CEL values: integers to int (ulong to uint), floats to double, byte arrays to
/// bytes, DateTime(Offset) to timestamps, TimeSpan to durations, dictionaries to maps, sequences to lists, JSON
/// elements by their JSON type (numbers without fraction or exponent as int). CEL values pass through.</summary>
public static class CelConvert
{
    public static object? ToCel(object? value) => value switch
    {
        null or long or ulong or double or bool or string or CelBytes or CelList or CelMap or CelTimestamp
            or CelDuration or CelType or CelOptional or CelError or CelUnknown or ICelObject => value,
        int i => (long)i,
        short s => (long)s,
        sbyte b => (long)b,
        uint u => (ulong)u,
        ushort u => (ulong)u,
        byte b => (ulong)b,
        float f => (double)f,
        decimal d => (double)d,
        byte[] bytes => new CelBytes((byte[])bytes.Clone()),
        DateTimeOffset t => new CelTimestamp((Int128)(t.UtcTicks - DateTime.UnixEpoch.Ticks) * 100),
        DateTime t => new CelTimestamp((Int128)(t.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100),
        TimeSpan t => new CelDuration((Int128)t.Ticks * 100),
        JsonElement json => FromJson(json),
        IDictionary dictionary => new CelMap(dictionary.Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<object, object?>(ToCel(e.Key)!, ToCel(e.Value)))),
        IEnumerable sequence => new CelList(sequence.Cast<object?>().Select(ToCel).ToList()),
        _ => throw new ArgumentException($"no CEL value for {value.GetType().Name}", nameof(value)),
    };

    /// <summary>A JSON document as CEL values (objects to maps with string keys).</summary>
    public static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => new CelMap(json.EnumerateObject()
            .Select(p => new KeyValuePair<object, object?>(p.Name, FromJson(p.Value)))),
        JsonValueKind.Array => new CelList(json.EnumerateArray().Select(FromJson).ToList()),
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.TryGetInt64(out var l) && !json.GetRawText().Contains('.', StringComparison.Ordinal)
            && !json.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase) ? l : json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
