using System.Text.Json;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary><c>scan --format json</c>'s document, for plaintext findings and recipient findings alike: <c>{"clean": …, "findings": [ … ]}</c>.</summary>
internal static class ScanJson
{
    public static byte[] Write<T>(IReadOnlyList<T> findings, Action<Utf8JsonWriter, T> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("clean", findings.Count == 0);
            w.WriteStartArray("findings");
            foreach (var f in findings)
            {
                w.WriteStartObject();
                writeFields(w, f);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
