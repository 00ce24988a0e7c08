using System.Text.Json;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// <c>--output sarif</c>: SARIF 2.1.0 shaped as Trivy writes misconfigurations (tool <c>Trivy</c>, one rule per check
/// with <c>name: Misconfiguration</c>, level error/warning/note by severity, <c>security-severity</c> 9.5/8.0/5.5/2.0,
/// the artifact being the helm template or the input, under <c>ROOTPATH</c>). Manifests carry no line numbers here, so
/// every region is line 1, as Trivy writes a finding without a location. Never holds a value.
/// </summary>
public static class PolicyReportSarif
{
    public static byte[] Write(PolicyReport report, string toolVersion)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", "2.1.0");
            w.WriteString("$schema", "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            var rules = report.Findings.Select(f => f.Id).Distinct(StringComparer.Ordinal).ToList();
            WriteTool(w, report, rules, toolVersion);
            w.WriteStartArray("results");
            foreach (var f in report.Findings) WriteResult(w, f, rules.IndexOf(f.Id));
            w.WriteEndArray();
            w.WriteString("columnKind", "utf16CodeUnits");
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject("ROOTPATH");
            w.WriteString("uri", "file:///");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteTool(Utf8JsonWriter w, PolicyReport report, List<string> rules, string toolVersion)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("fullName", "Trivy Vulnerability Scanner");
        w.WriteString("informationUri", "https://github.com/aquasecurity/trivy");
        w.WriteString("name", "Trivy");
        w.WriteStartArray("rules");
        foreach (var id in rules)
        {
            var f = report.Findings.First(x => x.Id == id);
            w.WriteStartObject();
            w.WriteString("id", f.Id);
            w.WriteString("name", "Misconfiguration");
            w.WriteStartObject("shortDescription");
            w.WriteString("text", f.Title);
            w.WriteEndObject();
            w.WriteStartObject("fullDescription");
            w.WriteString("text", f.Title);
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(f));
            w.WriteEndObject();
            if (!IsOwn(f)) w.WriteString("helpUri", Link(f));
            w.WriteStartObject("help");
            w.WriteString("text", $"Misconfiguration {f.Id}\nType: Kubernetes Security Check\nSeverity: {f.SeverityText}\nCheck: {f.Title}\nLink: [{f.Id}]({Link(f)})");
            w.WriteString("markdown", $"**Misconfiguration {f.Id}**\n| Type | Severity | Check | Link |\n| --- | --- | --- | --- |\n|Kubernetes Security Check|{f.SeverityText}|{f.Title}|[{f.Id}]({Link(f)})|");
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("precision", "very-high");
            w.WriteString("security-severity", Score(f));
            w.WriteStartArray("tags");
            w.WriteStringValue("misconfiguration");
            w.WriteStringValue("security");
            w.WriteStringValue(f.SeverityText);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("version", toolVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, PolicyFinding f, int ruleIndex)
    {
        var artifact = (f.Document.Template ?? f.Document.Origin).Replace('\\', '/');
        w.WriteStartObject();
        w.WriteString("ruleId", f.Id);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", Level(f));
        w.WriteStartObject("message");
        w.WriteString("text", $"Artifact: {artifact}\nType: kubernetes\nVulnerability {f.Id}\nSeverity: {f.SeverityText}\nMessage: {f.Document.Kind} {f.Document.Name}: {f.Path}: {f.Message}\nLink: [{f.Id}]({Link(f)})");
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", artifact);
        w.WriteString("uriBaseId", "ROOTPATH");
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", 1);
        w.WriteNumber("startColumn", 1);
        w.WriteNumber("endLine", 1);
        w.WriteNumber("endColumn", 1);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("message");
        w.WriteString("text", artifact);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Aqua's page of a Trivy check; SecretsKit's own checks (no page of their own) point at the guide's section.</summary>
    private static string Link(PolicyFinding f) => f.Admission
        ? "docs/release-policy.md#the-clusters-own-admission-policies"
        : IsOwn(f) ? "docs/release-policy.md#plain-text-secrets" : "https://avd.aquasec.com/misconfig/" + f.Id.ToLowerInvariant();

    /// <summary>A check of SecretsKit's own (<c>SK-…</c>) or an admission policy's decision, not Trivy's.</summary>
    private static bool IsOwn(PolicyFinding f) => f.Admission || f.Id.StartsWith("SK-", StringComparison.Ordinal);

    private static string Level(PolicyFinding f) => f.SeverityText switch
    {
        "CRITICAL" or "HIGH" => "error",
        "MEDIUM" => "warning",
        _ => "note",
    };

    private static string Score(PolicyFinding f) => f.SeverityText switch
    {
        "CRITICAL" => "9.5",
        "HIGH" => "8.0",
        "MEDIUM" => "5.5",
        "LOW" => "2.0",
        _ => "0.0",
    };
}
