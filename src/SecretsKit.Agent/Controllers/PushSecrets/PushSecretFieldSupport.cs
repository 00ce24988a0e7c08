using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>The <c>external-secrets.io/v1alpha1</c> PushSecret fields (and field values) this agent implements; the rest is reported, as for an ExternalSecret.</summary>
internal static class PushSecretFieldSupport
{
    private static readonly string[] SpecFields = ["refreshInterval", "secretStoreRefs", "selector", "updatePolicy", "deletionPolicy", "data", "dataTo", "template"];
    private static readonly string[] Conversions = ["None", PushEntry.ReverseUnicode];

    /// <summary>
    /// The first spec field or value the agent does not implement (a generator kind it lacks, an unknown field), or null.
    /// The template and the generator reference are checked by <see cref="ExternalSecretFieldSupport"/>, as in an ExternalSecret.
    /// </summary>
    public static string? FirstUnsupported(PushSecretResource ps)
    {
        var spec = ps.Raw["spec"] as JsonObject ?? new JsonObject();
        if (spec.FirstOrDefault(kv => !SpecFields.Contains(kv.Key)).Key is { } extra) return "spec." + extra;
        if ((spec["selector"] as JsonObject)?.FirstOrDefault(kv => kv.Key is not ("secret" or "generatorRef")).Key is { } selector) return "spec.selector." + selector;
        if (spec["selector"]?["generatorRef"] is JsonObject generator
            && ExternalSecretFieldSupport.FirstUnsupported(AsExternalSecret("dataFrom", new JsonArray(new JsonObject { ["sourceRef"] = new JsonObject { ["generatorRef"] = generator.DeepClone() } })))
                is { } badGenerator)
        {
            return "spec.selector.generatorRef" + badGenerator["spec.dataFrom[0].sourceRef.generatorRef".Length..];
        }
        if (spec["template"] is JsonObject template
            && ExternalSecretFieldSupport.FirstUnsupported(AsExternalSecret("target", new JsonObject { ["template"] = template.DeepClone() })) is { } badTemplate)
        {
            return "spec.template" + badTemplate["spec.target.template".Length..];
        }
        foreach (var list in new[] { "data", "dataTo" })
        {
            var entries = Json.Objects(spec[list]).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                if (Json.Str(entries[i]["conversionStrategy"]) is { } c && !Conversions.Contains(c)) return $"spec.{list}[{i}].conversionStrategy={c}";
            }
        }
        return null;
    }

    private static JsonObject AsExternalSecret(string field, JsonNode value) => new() { ["spec"] = new JsonObject { [field] = value } };
}
