using System.Collections.Concurrent;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Where a document's schema comes from, in order: the CRDs rendered so far (from <c>crds/</c> and templates), the
/// <c>--schema-location</c>s, the built-in Kubernetes schemas. Thread-safe: releases add their CRDs as they render.
/// </summary>
internal sealed class SchemaCatalog
{
    private readonly ConcurrentDictionary<SchemaKey, Lazy<SchemaNode>> _rendered = new();
    private readonly IReadOnlyList<SchemaLocation> _locations;

    public SchemaCatalog(ValidationOptions options, HttpClient? http)
    {
        BuiltinMinor = BuiltinSchemas.MinorFor(options.KubeVersion);
        _locations = (options.SchemaLocations ?? []).Where(l => !SchemaLocation.IsDefault(l)).Select(l => new SchemaLocation(l, BuiltinMinor, options.Strict, http)).ToList();
    }

    /// <summary>The minor of the built-in schemas of <see cref="ValidationOptions.KubeVersion"/> (a release's
    /// <c>kubeVersion</c> may pick others).</summary>
    public string BuiltinMinor { get; }

    public void AddRendered(SchemaKey key, Lazy<SchemaNode> schema) => _rendered[key] = schema;

    /// <summary>Whether <paramref name="key"/> is a rendered CRD's schema that has not been read yet.</summary>
    public bool IsUnread(SchemaKey key) => _rendered.TryGetValue(key, out var schema) && !schema.IsValueCreated;

    /// <summary>The schema, the set its refs resolve in, and where it came from; null when no source has one.</summary>
    public async Task<(SchemaNode Schema, SchemaSet Refs, string From)?> FindAsync(SchemaKey key, BuiltinSchemas builtin, CancellationToken ct)
    {
        if (_rendered.TryGetValue(key, out var crd)) return (crd.Value, builtin.Schemas, "rendered CRD");
        foreach (var location in _locations)
        {
            if (await location.FindAsync(key, ct) is { } found) return (found.Schema, found.Refs ?? builtin.Schemas, location.ToString());
        }
        return builtin.Find(key) is { } schema ? (schema, builtin.Schemas, "Kubernetes " + builtin.Minor) : null;
    }
}
