using System.Text.Json;

namespace SecretsKit.Deploy.Validation;

/// <summary><c>--output json</c>: the report for CI, written with <see cref="Utf8JsonWriter"/> (no reflection). Never holds a value.</summary>
public static class ValidationReportJson
{
    public static byte[] Write(ValidationReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", report.Ok);
            w.WriteString("kubernetesVersion", report.KubernetesVersion);
            w.WriteStartObject("summary");
            w.WriteNumber("documents", report.Documents);
            w.WriteNumber("valid", report.Valid);
            w.WriteNumber("invalid", report.Invalid);
            w.WriteNumber("skipped", report.Skipped.Count);
            w.WriteNumber("celRulesEvaluated", report.CelRulesEvaluated);
            w.WriteNumber("celTransitionRulesSkipped", report.CelTransitionRulesSkipped);
            w.WriteEndObject();
            w.WriteStartArray("errors");
            foreach (var issue in report.Issues)
            {
                w.WriteStartObject();
                Identity(w, issue.Document);
                w.WriteString("path", issue.Path);
                w.WriteString("message", issue.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("skipped");
            for (var i = 0; i < report.Skipped.Count; i++)
            {
                w.WriteStartObject();
                Identity(w, report.Skipped[i]);
                w.WriteString("reason", report.SkipReasons[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Identity(Utf8JsonWriter w, DocumentIdentity d)
    {
        w.WriteString("origin", d.Origin);
        Optional(w, "template", d.Template);
        Optional(w, "apiVersion", d.ApiVersion);
        Optional(w, "kind", d.Kind);
        Optional(w, "namespace", d.Namespace);
        Optional(w, "name", d.Name);
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
