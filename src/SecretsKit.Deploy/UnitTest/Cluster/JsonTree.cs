using System.Globalization;
using System.Text.Json;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>A value read from a suite (maps, lists, strings, integers, floats, booleans, null) written as JSON, map keys in their order.</summary>
internal static class JsonTree
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                if (double.IsFinite(d)) writer.WriteRawValue(GoFloat.FormatJson(d));
                else writer.WriteNullValue();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
