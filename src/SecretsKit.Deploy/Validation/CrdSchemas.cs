using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// The schemas a CustomResourceDefinition declares, one per served version (<c>spec.versions[].schema.openAPIV3Schema</c>;
/// for <c>apiextensions.k8s.io/v1beta1</c> also the CRD-wide <c>spec.validation.openAPIV3Schema</c>).
/// </summary>
internal static class CrdSchemas
{
    public static bool IsCrd(ManifestMapping doc) =>
        Text(doc, "kind") == "CustomResourceDefinition" && Text(doc, "apiVersion")?.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal) == true;

    /// <summary>
    /// The CRD's schemas, each read when a document of its kind first needs it (most rendered CRDs have no custom
    /// resource in the same release). A schema too large to convert is refused here, as if it were read at once, unless
    /// <paramref name="sizeChecked"/> says the whole document is within the budget (<see cref="YamlJson.MaxNodes"/> nodes,
    /// no aliases, depth within <see cref="YamlJson"/>'s), as the light parser's count tells.
    /// </summary>
    public static IEnumerable<(SchemaKey Key, Lazy<SchemaNode> Schema)> Read(ManifestMapping crd, bool sizeChecked = false)
    {
        if (Child(crd, "spec") is not ManifestMapping spec) yield break;
        var group = Text(spec, "group");
        var kind = Child(spec, "names") is ManifestMapping names ? Text(names, "kind") : null;
        var shared = Child(spec, "validation") is ManifestMapping v ? Child(v, "openAPIV3Schema") : null;
        var versions = Child(spec, "versions") is ManifestSequence list ? list.Items.OfType<ManifestMapping>().ToList() : [];
        if (versions.Count == 0 && Text(spec, "version") is { } single) versions = [Named(single)];
        foreach (var version in versions)
        {
            var schema = Child(version, "schema") is ManifestMapping s ? Child(s, "openAPIV3Schema") : shared;
            if (schema is null || SchemaKey.Parse(string.IsNullOrEmpty(group) ? Text(version, "name") : $"{group}/{Text(version, "name")}", kind) is not { } key) continue;
            if (!sizeChecked) YamlJson.CheckSize(schema);
            yield return (key, new Lazy<SchemaNode>(() => WithObjectFields(SchemaReader.Read(schema))));
        }
    }

    /// <summary>
    /// The API server gives every custom resource <c>apiVersion</c>, <c>kind</c> and the standard <c>metadata</c>
    /// whatever its schema says: the root gets them (metadata as a ref into the built-in schemas).
    /// </summary>
    private static SchemaNode WithObjectFields(SchemaNode root)
    {
        var properties = new Dictionary<string, SchemaNode>(root.Properties ?? new Dictionary<string, SchemaNode>(), StringComparer.Ordinal)
        {
            ["apiVersion"] = new() { Type = "string" },
            ["kind"] = new() { Type = "string" },
            ["metadata"] = new() { Ref = ObjectMeta },
        };
        return new SchemaNode
        {
            Type = "object",
            Properties = properties,
            Required = root.Required,
            AdditionalProperties = root.AdditionalProperties,
            AdditionalAllowed = root.AdditionalAllowed,
            PreserveUnknownFields = root.PreserveUnknownFields,
        };
    }

    /// <summary>The built-in schema name of the standard object metadata.</summary>
    public const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    internal static ManifestNode? Child(ManifestMapping map, string key) => map.Find(key);

    internal static string? Text(ManifestMapping map, string key) => map.Text(key);

    /// <summary><c>name: <paramref name="name"/></c>, the one version of a v1beta1 CRD that names it in <c>spec.version</c>.</summary>
    private static ManifestMapping Named(string name)
    {
        var version = new ManifestMapping();
        version.Entries.Add(new ManifestEntry("name", true, new ManifestScalar(name, plain: true)));
        return version;
    }
}
