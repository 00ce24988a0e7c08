using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>The <c>external-secrets.io/v1alpha1</c> PushSecret fields (and field values) this agent implements; the rest is reported, every finding at once, as for an ExternalSecret.</summary>
internal static class PushSecretFieldSupport
{
    private static readonly string[] SpecFields = ["refreshInterval", "secretStoreRefs", "selector", "updatePolicy", "deletionPolicy", "data", "dataTo", "template"];
    private static readonly string[] SelectorFields = ["secret", "generatorRef"];
    private static readonly string[] Conversions = ["None", PushEntry.ReverseUnicode];

    private const string GeneratorAsExternalSecret = "spec.dataFrom[0].sourceRef.generatorRef";
    private const string TemplateAsExternalSecret = "spec.target.template";

    /// <summary>
    /// Every spec field or value the agent does not implement, in document order, worded as an ExternalSecret's are (an
    /// unknown field with the closest known one, a value outside its enum with the allowed values). The template and the
    /// generator reference are checked by <see cref="ExternalSecretFieldSupport"/>, as in an ExternalSecret.
    /// </summary>
    public static IReadOnlyList<SpecFinding> Findings(PushSecretResource ps)
    {
        var spec = ps.Raw["spec"] as JsonObject ?? new JsonObject();
        var findings = new List<SpecFinding>();
        foreach (var (name, _) in spec.Where(kv => !SpecFields.Contains(kv.Key)))
        {
            findings.Add(new SpecFinding("spec." + name, SchemaMessages.UnknownField("spec", name, SpecFields)));
        }
        foreach (var (name, _) in (spec["selector"] as JsonObject ?? new JsonObject()).Where(kv => !SelectorFields.Contains(kv.Key)))
        {
            findings.Add(new SpecFinding("spec.selector." + name, SchemaMessages.UnknownField("spec.selector", name, SelectorFields)));
        }
        if (spec["selector"]?["generatorRef"] is JsonObject generator)
        {
            var asExternalSecret = AsExternalSecret("dataFrom", new JsonArray(new JsonObject { ["sourceRef"] = new JsonObject { ["generatorRef"] = generator.DeepClone() } }));
            findings.AddRange(ExternalSecretFieldSupport.Findings(asExternalSecret).Select(f => Moved(f, GeneratorAsExternalSecret, "spec.selector.generatorRef")));
        }
        if (spec["template"] is JsonObject template)
        {
            var asExternalSecret = AsExternalSecret("target", new JsonObject { ["template"] = template.DeepClone() });
            findings.AddRange(ExternalSecretFieldSupport.Findings(asExternalSecret).Select(f => Moved(f, TemplateAsExternalSecret, "spec.template")));
        }
        foreach (var list in new[] { "data", "dataTo" })
        {
            var entries = Json.Objects(spec[list]).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                if (Json.Str(entries[i]["conversionStrategy"]) is not { } c || Conversions.Contains(c)) continue;
                var path = $"spec.{list}[{i}].conversionStrategy";
                findings.Add(new SpecFinding($"{path}={c}", SchemaMessages.NotInEnum(path, c, Conversions)));
            }
        }
        return findings;
    }

    /// <summary>The first unknown field or value as a path (<c>spec.selector.generatorRef.kind=SomeFutureGenerator</c>), or null.</summary>
    public static string? FirstUnsupported(PushSecretResource ps) => Findings(ps).FirstOrDefault(f => !f.Missing)?.Path;

    /// <summary>
    /// Throws a <see cref="ReconcileException"/> (reason <c>InvalidSpec</c>, as for an ExternalSecret) naming every
    /// finding of <see cref="Findings"/> at once, at most <see cref="ExternalSecretFieldSupport.MaxFindings"/> of them.
    /// </summary>
    public static void EnsureValid(PushSecretResource ps)
    {
        var messages = Findings(ps).Select(f => f.Message).ToList();
        if (messages.Count == 0) return;
        var shown = string.Join("; ", messages.Take(ExternalSecretFieldSupport.MaxFindings));
        if (messages.Count > ExternalSecretFieldSupport.MaxFindings)
        {
            shown += string.Create(CultureInfo.InvariantCulture, $"; and {messages.Count - ExternalSecretFieldSupport.MaxFindings} more");
        }
        throw new ReconcileException(Messages.InvalidSpec, shown);
    }

    /// <summary>A finding of the ExternalSecret stand-in, with its path and message moved under the PushSecret's field.</summary>
    private static SpecFinding Moved(SpecFinding finding, string from, string to)
    {
        var wording = finding.Message; // a finding's own text (built by SchemaMessages), not an exception's
        return finding with
        {
            Path = to + finding.Path[from.Length..],
            Message = wording.StartsWith(from, StringComparison.Ordinal) ? to + wording[from.Length..] : wording,
        };
    }

    private static JsonObject AsExternalSecret(string field, JsonNode value) => new() { ["spec"] = new JsonObject { [field] = value } };
}
