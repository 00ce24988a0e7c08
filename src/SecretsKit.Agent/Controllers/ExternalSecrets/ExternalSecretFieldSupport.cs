using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// The <c>external-secrets.io/v1</c> ExternalSecret fields (and field values) this agent implements. Anything else is
/// accepted by the API server but reported on the ExternalSecret (Ready=False, reason <c>UnsupportedField</c>, the field
/// path in the message), never silently ignored.
/// </summary>
internal static class ExternalSecretFieldSupport
{
    private abstract record Shape;

    private sealed record AnyValue : Shape;

    private sealed record OneOf(params string[] Values) : Shape;

    private sealed record Fields(IReadOnlyDictionary<string, Shape> Known) : Shape;

    private sealed record ListOf(Shape Item) : Shape;

    private static readonly Shape Any = new AnyValue();

    private static Fields Obj(params (string Name, Shape Shape)[] fields) =>
        new(fields.ToDictionary(f => f.Name, f => f.Shape, StringComparer.Ordinal));

    private static readonly Shape Decoding = new OneOf("None", "Base64", "Base64URL", "Auto");
    private static readonly Shape Conversion = new OneOf("Default", "Unicode");
    private static readonly Shape NullBytes = new OneOf("Ignore", "Fail");
    private static readonly Shape StoreRefShape = Obj(("name", Any), ("kind", new OneOf("SecretStore", "ClusterSecretStore")));
    // apiVersion: any value; one outside generators.external-secrets.io/v1alpha1 fails the sync with ESO's error (GeneratorRef.ApiVersionError)
    private static readonly Shape GeneratorRefShape = Obj(("apiVersion", Any), ("kind", new OneOf([.. GeneratorRegistry.Kinds])), ("name", Any));
    // data[].sourceRef.generatorRef: deprecated and not implemented by ESO in data[]; it fails the sync as ESO's does
    private static readonly Shape SourceRef = Obj(("storeRef", StoreRefShape), ("generatorRef", GeneratorRefShape));
    private static readonly Shape DataFromSourceRef = Obj(("storeRef", StoreRefShape), ("generatorRef", GeneratorRefShape));

    private static readonly Shape RemoteRefShape = Obj(("key", Any), ("property", Any), ("version", Any), ("decodingStrategy", Decoding),
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

    /// <summary>The first unsupported field as a path (<c>spec.dataFrom[0].sourceRef.generatorRef</c>, <c>spec.target.creationPolicy=CreateOrMerge</c>), or null.</summary>
    public static string? FirstUnsupported(JsonObject externalSecret) => Walk(externalSecret["spec"], Spec, "spec");

    /// <summary>Throws a <see cref="ReconcileException"/> (reason <c>UnsupportedField</c>) naming the first unsupported field.</summary>
    public static void EnsureSupported(ExternalSecretResource es)
    {
        if (FirstUnsupported(es.Raw) is { } field) throw new ReconcileException(Messages.UnsupportedFieldReason, Messages.UnsupportedField(field));
    }

    private static string? Walk(JsonNode? node, Shape shape, string path)
    {
        if (node is null) return null;
        switch (shape)
        {
            case OneOf oneOf:
                return Json.Str(node) is { } value && !oneOf.Values.Contains(value, StringComparer.Ordinal) ? $"{path}={value}" : null;
            case Fields fields when node is JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (child is null) continue;
                    if (!fields.Known.TryGetValue(name, out var childShape)) return $"{path}.{name}";
                    if (Walk(child, childShape, $"{path}.{name}") is { } bad) return bad;
                }
                return null;
            case ListOf list when node is JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Walk(array[i], list.Item, $"{path}[{i}]") is { } bad) return bad;
                }
                return null;
            default:
                return null;
        }
    }
}
