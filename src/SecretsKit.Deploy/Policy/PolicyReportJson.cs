using System.Text.Json;

namespace SecretsKit.Deploy.Policy;

/// <summary><c>--output json</c>: <c>{"findings": [{id, avdid, severity, title, kind, namespace, name, path, message, template, origin}]}</c>, the admission policies' audit annotations when there are any (<c>auditAnnotations</c>), and the counts, with <see cref="Utf8JsonWriter"/>. Never holds a value.</summary>
public static class PolicyReportJson
{
    public static byte[] Write(PolicyReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.WriteString("avdid", f.AvdId);
                w.WriteString("severity", f.SeverityText);
                w.WriteString("title", f.Title);
                Optional(w, "kind", f.Document.Kind);
                Optional(w, "namespace", f.Document.Namespace);
                Optional(w, "name", f.Document.Name);
                w.WriteString("path", f.Path);
                w.WriteString("message", f.Message);
                Optional(w, "template", f.Document.Template);
                w.WriteString("origin", f.Document.Origin);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (report.AuditAnnotations.Count > 0) WriteAnnotations(w, report);
            w.WriteStartObject("summary");
            w.WriteNumber("objects", report.Objects);
            w.WriteNumber("findings", report.Findings.Count);
            w.WriteNumber("ignored", report.Ignored);
            w.WriteNumber("belowSeverity", report.Filtered);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary><c>auditAnnotations</c>: what the admission policies' auditAnnotations published, per object.</summary>
    private static void WriteAnnotations(Utf8JsonWriter w, PolicyReport report)
    {
        w.WriteStartArray("auditAnnotations");
        foreach (var (document, key, value) in report.AuditAnnotations)
        {
            w.WriteStartObject();
            Optional(w, "kind", document.Kind);
            Optional(w, "namespace", document.Namespace);
            Optional(w, "name", document.Name);
            w.WriteString("key", key);
            w.WriteString("value", value);
            Optional(w, "template", document.Template);
            w.WriteString("origin", document.Origin);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
