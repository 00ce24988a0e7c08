using System.Text;
using System.Text.Json;

namespace SecretsKit.Agent.Hosting;

/// <summary>Structured JSON log lines (one object per line) on a writer. Callers pass names and errors, never values.</summary>
internal sealed class AgentLog(TextWriter writer, TimeProvider? time = null)
{
    private readonly Lock _gate = new();

    public void Info(string message, params (string Key, string Value)[] fields) => Write("info", message, fields);

    public void Warn(string message, params (string Key, string Value)[] fields) => Write("warn", message, fields);

    private void Write(string level, string message, (string Key, string Value)[] fields)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("ts", (time ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            json.WriteString("msg", message);
            foreach (var (k, v) in fields) json.WriteString(k, v);
            json.WriteEndObject();
        }
        lock (_gate) writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
