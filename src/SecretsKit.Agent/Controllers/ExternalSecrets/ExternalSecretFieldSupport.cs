using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// The <c>external-secrets.io/v1</c> ExternalSecret schema as this agent implements it (every field and value of ESO's).
/// Anything else (a typo the API server kept, as under <c>target.template</c>, or that a local render reads) is reported
/// on the ExternalSecret, every finding at once (Ready=False, reason <c>InvalidSpec</c>), never silently ignored.
/// </summary>
internal static class ExternalSecretFieldSupport
{
    private abstract record Shape;

    private sealed record AnyValue : Shape;

    private sealed record OneOf(params string[] Values) : Shape;

    private sealed record Fields(IReadOnlyDictionary<string, Shape> Known, IReadOnlyList<string> Required) : Shape;

    private sealed record ListOf(Shape Item) : Shape;

    private static readonly Shape Any = new AnyValue();

    private static Fields Obj(params (string Name, Shape Shape)[] fields) =>
        new(fields.ToDictionary(f => f.Name, f => f.Shape, StringComparer.Ordinal), []);

    /// <summary>An object whose <paramref name="required"/> fields must be given (the schema's <c>required</c>).</summary>
    private static Fields Obj(string[] required, params (string Name, Shape Shape)[] fields) => Obj(fields) with { Required = required };

    private static readonly Shape Decoding = new OneOf("None", "Base64", "Base64URL", "Auto");
    private static readonly Shape Conversion = new OneOf("Default", "Unicode");
    private static readonly Shape NullBytes = new OneOf("Ignore", "Fail");
    private static readonly Shape StoreRefShape = Obj(["name"], ("name", Any), ("kind", new OneOf("SecretStore", "ClusterSecretStore")));
    // apiVersion: any value; one outside generators.external-secrets.io/v1alpha1 fails the sync with ESO's error (GeneratorRef.ApiVersionError)
    private static readonly Shape GeneratorRefShape = Obj(["kind", "name"], ("apiVersion", Any), ("kind", new OneOf([.. GeneratorRegistry.Kinds])), ("name", Any));
    // data[].sourceRef.generatorRef: deprecated and not implemented by ESO in data[]; it fails the sync as ESO's does
    private static readonly Shape SourceRef = Obj(("storeRef", StoreRefShape), ("generatorRef", GeneratorRefShape));
    private static readonly Shape DataFromSourceRef = Obj(("storeRef", StoreRefShape), ("generatorRef", GeneratorRefShape));

    private static readonly Shape RemoteRefShape = Obj(["key"], ("key", Any), ("property", Any), ("version", Any), ("decodingStrategy", Decoding),
        ("conversionStrategy", Conversion), ("metadataPolicy", new OneOf("None", "Fetch")), ("nullBytePolicy", NullBytes));

    private static readonly Shape TemplateRefShape = Obj(("name", Any), ("items", new ListOf(Obj(("key", Any), ("templateAs", new OneOf("Values", "KeysAndValues"))))));
    private static readonly Shape TemplateFromShape = Obj(("configMap", TemplateRefShape), ("secret", TemplateRefShape), ("literal", Any),
        ("target", Any), ("valuesDecodingStrategy", Decoding));

    private static readonly Shape Spec = Obj(
        ("secretStoreRef", StoreRefShape),
        ("refreshInterval", Any),
        ("refreshPolicy", new OneOf("Periodic", "OnChange", "CreatedOnce")),
        ("syncWindows", Obj(("kind", new OneOf("allow", "deny")), ("windows", new ListOf(Obj(("schedule", Any), ("duration", Any)))))),
        ("target", Obj(
            ("name", Any),
            ("creationPolicy", new OneOf("Owner", "Orphan", "Merge", "None", "CreateOrMerge")),
            ("deletionPolicy", new OneOf("Retain", "Delete", "Merge")),
            ("immutable", Any),
            ("manifest", Obj(("apiVersion", Any), ("kind", Any))),
            ("template", Obj(
                ("type", Any),
                ("engineVersion", new OneOf("v2")),
                ("mergePolicy", new OneOf("Replace", "Merge")),
                ("metadata", Obj(("labels", Any), ("annotations", Any), ("finalizers", Any))),
                ("data", Any),
                ("templateFrom", new ListOf(TemplateFromShape)))))),
        ("data", new ListOf(Obj(("secretKey", Any), ("remoteRef", RemoteRefShape), ("sourceRef", SourceRef)))),
        ("dataFrom", new ListOf(Obj(
            ("extract", RemoteRefShape),
            ("find", Obj(("path", Any), ("name", Obj(("regexp", Any))), ("tags", Any), ("decodingStrategy", Decoding),
                ("conversionStrategy", Conversion), ("nullBytePolicy", NullBytes))),
            ("rewrite", new ListOf(Obj(("regexp", Obj(("source", Any), ("target", Any))), ("transform", Obj(("template", Any))),
                ("merge", Obj(("into", Any), ("priority", Any), ("priorityPolicy", new OneOf("Strict", "IgnoreNotFound")),
                    ("conflictPolicy", new OneOf("Error", "Ignore")), ("strategy", new OneOf("Extract", "JSON"))))))),
            ("sourceRef", DataFromSourceRef)))));

    /// <summary>At most this many findings are reported on one object (the rest are counted), so a condition message stays short.</summary>
    public const int MaxFindings = 10;

    /// <summary>
    /// Every finding of the spec in document order: unknown fields (with the closest field of the schema), values outside
    /// an enum, required fields left out. <c>render</c> and the controller both report these, through
    /// <see cref="EnsureValid"/>.
    /// </summary>
    public static IReadOnlyList<SpecFinding> Findings(JsonObject externalSecret)
    {
        var findings = new List<SpecFinding>();
        Walk(externalSecret["spec"], Spec, "spec", findings);
        return findings;
    }

    /// <summary>The first unknown field or value as a path (<c>spec.dataFrom[0].sourceRef.generatorRef.kind=SomeFutureGenerator</c>), or null.</summary>
    public static string? FirstUnsupported(JsonObject externalSecret) => Findings(externalSecret).FirstOrDefault(f => !f.Missing)?.Path;

    /// <summary>
    /// Throws a <see cref="ReconcileException"/> (reason <c>InvalidSpec</c>) naming every problem of the spec at once: a
    /// part with the wrong shape (<see cref="ExternalSecretResource.Problem"/>), then each <see cref="Findings"/> entry.
    /// </summary>
    public static void EnsureValid(ExternalSecretResource es)
    {
        var messages = new List<string>();
        if (es.Problem is { } problem) messages.Add(problem.Message);
        messages.AddRange(Findings(es.Raw).Select(f => f.Message));
        if (messages.Count == 0) return;
        var shown = string.Join("; ", messages.Take(MaxFindings));
        if (messages.Count > MaxFindings) shown += string.Create(CultureInfo.InvariantCulture, $"; and {messages.Count - MaxFindings} more");
        throw new ReconcileException(Messages.InvalidSpec, shown);
    }

    private static void Walk(JsonNode? node, Shape shape, string path, List<SpecFinding> findings)
    {
        if (node is null) return;
        switch (shape)
        {
            case OneOf oneOf:
                if (Json.Str(node) is { } value && !oneOf.Values.Contains(value, StringComparer.Ordinal))
                {
                    findings.Add(new SpecFinding($"{path}={value}", SchemaMessages.NotInEnum(path, value, oneOf.Values)));
                }
                return;
            case Fields fields when node is JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (child is null) continue;
                    if (!fields.Known.TryGetValue(name, out var childShape))
                    {
                        findings.Add(new SpecFinding($"{path}.{name}", SchemaMessages.UnknownField(path, name, fields.Known.Keys)));
                        continue;
                    }
                    Walk(child, childShape, $"{path}.{name}", findings);
                }
                foreach (var required in fields.Required.Where(r => obj[r] is null))
                {
                    findings.Add(new SpecFinding($"{path}.{required}", SchemaMessages.Required(path, required), Missing: true));
                }
                return;
            case ListOf list when node is JsonArray array:
                for (var i = 0; i < array.Count; i++) Walk(array[i], list.Item, $"{path}[{i}]", findings);
                return;
        }
    }
}
