using System.Globalization;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>Turns a cel.expr.Value message of a conformance file into a CEL value; throws
/// <see cref="NotSupportedException"/> for what needs protobuf message types (object_value other than
/// Duration/Timestamp, enum values).</summary>
internal static class ConformanceValues
{
    public static object? ToCel(TextProtoNode value)
    {
        var (name, raw) = value.Fields.Single();
        switch (name)
        {
            case "int64_value": return long.Parse(Token(raw), CultureInfo.InvariantCulture);
            case "uint64_value": return ulong.Parse(Token(raw), CultureInfo.InvariantCulture);
            case "double_value": return Double(Token(raw));
            case "string_value": return ((TextProtoString)raw).Text;
            case "bytes_value": return new CelBytes(((TextProtoString)raw).Bytes);
            case "bool_value": return Token(raw) == "true";
            case "null_value": return null;
            case "type_value": return new CelType(((TextProtoString)raw).Text);
            case "list_value":
                return new CelList(((TextProtoNode)raw).All("values").Select(v => ToCel((TextProtoNode)v)).ToList());
            case "map_value":
                return new CelMap(((TextProtoNode)raw).All("entries").Cast<TextProtoNode>().Select(e =>
                    new KeyValuePair<object, object?>(ToCel(e.Node("key")!)!, ToCel(e.Node("value")!))));
            case "object_value": return WellKnown((TextProtoNode)raw);
            default: throw new NotSupportedException($"value kind {name}");
        }
    }

    private static string Token(object raw) => raw is TextProtoToken t ? t.Text : ((TextProtoString)raw).Text;

    private static double Double(string text) => text.ToLowerInvariant() switch
    {
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static object WellKnown(TextProtoNode any)
    {
        var (typeUrl, body) = any.Fields.Single();
        var node = body as TextProtoNode ?? throw new NotSupportedException("object_value");
        var seconds = long.Parse(node.Text("seconds") ?? "0", CultureInfo.InvariantCulture);
        var nanos = long.Parse(node.Text("nanos") ?? "0", CultureInfo.InvariantCulture);
        var total = ((Int128)seconds * 1_000_000_000) + nanos;
        return typeUrl switch
        {
            "[type.googleapis.com/google.protobuf.Duration]" => new CelDuration(total),
            "[type.googleapis.com/google.protobuf.Timestamp]" => new CelTimestamp(total),
            _ => throw new NotSupportedException($"protobuf message {typeUrl.Trim('[', ']')}"),
        };
    }

    /// <summary>Strict equality for checking results: same CEL type and value, NaN equal to NaN, lists and maps
    /// element-wise.</summary>
    public static bool Same(object? expected, object? actual)
    {
        if (CelValues.TypeOf(expected) != CelValues.TypeOf(actual))
            return false;
        switch (expected, actual)
        {
            case (double x, double y): return x.Equals(y);
            case (CelList x, CelList y): return x.Count == y.Count && x.Items.Zip(y.Items).All(p => Same(p.First, p.Second));
            case (CelMap x, CelMap y):
                return x.Count == y.Count && x.Entries.All(e => y.TryGetValue(e.Key, out var v) && Same(e.Value, v)
                    && CelValues.TypeOf(y.Keys.First(k => CelValues.Equal(k, e.Key))) == CelValues.TypeOf(e.Key));
            default: return CelValues.Equal(expected, actual);
        }
    }
}
