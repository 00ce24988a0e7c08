using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// The Kubernetes schemas embedded in this assembly (<c>Validation/Schemas/k8s-&lt;minor&gt;.json.gz</c>, made by
/// <c>scripts/k8s-schemas/bundle.sh</c> from Kubernetes' published OpenAPI v3 spec). One instance per minor, loaded once.
/// </summary>
internal sealed class BuiltinSchemas
{
    private const string Prefix = "SecretsKit.Deploy.Validation.Schemas.k8s-";
    private static readonly Dictionary<string, Lazy<BuiltinSchemas>> Loaded = Minors().ToDictionary(m => m, m => new Lazy<BuiltinSchemas>(() => Load(m)), StringComparer.Ordinal);

    private readonly Dictionary<string, string> _kinds;

    private BuiltinSchemas(string minor, string source, Dictionary<string, string> kinds, SchemaSet schemas)
    {
        Minor = minor;
        Source = source;
        _kinds = kinds;
        Schemas = schemas;
    }

    public string Minor { get; }

    /// <summary>Where the bundle's spec came from (written into it by the generator).</summary>
    public string Source { get; }

    public SchemaSet Schemas { get; }

    /// <summary>The minors built in, oldest first (e.g. 1.32, 1.35).</summary>
    public static IReadOnlyList<string> Available { get; } = Minors();

    /// <summary>
    /// The bundle for <paramref name="kubeVersion"/> (<c>1.32</c>, <c>v1.32.4</c>): that minor when built in, else the
    /// newest built-in minor not newer than it (the oldest when it is older than all); null: the newest.
    /// </summary>
    public static BuiltinSchemas For(string? kubeVersion)
    {
        if (kubeVersion is null) return Loaded[Available[^1]].Value;
        var wanted = ParseMinor(kubeVersion) ?? throw new SchemaException(
            $"--kube-version '{kubeVersion}' is not a Kubernetes version (expected e.g. 1.35 or v1.35.0)");
        var chosen = Available.LastOrDefault(m => ParseMinor(m) <= wanted) ?? Available[0];
        return Loaded[chosen].Value;
    }

    /// <summary>The schema of a built-in kind, or null.</summary>
    public SchemaNode? Find(SchemaKey key) =>
        _kinds.TryGetValue(key.ApiVersion + "/" + key.Kind, out var name) ? Schemas.Find(name) : null;

    /// <summary>Minor number of <c>1.32</c>, <c>v1.32.4</c>, <c>1.32+</c>; null when not a 1.x version.</summary>
    internal static int? ParseMinor(string version)
    {
        var parts = version.Trim().TrimStart('v', 'V').Split('.');
        if (parts.Length < 2 || parts[0] != "1") return null;
        var digits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ? minor : null;
    }

    private static List<string> Minors() =>
        typeof(BuiltinSchemas).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json.gz", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json.gz".Length])
            .OrderBy(m => ParseMinor(m) ?? 0)
            .ToList();

    private static BuiltinSchemas Load(string minor)
    {
        using var stream = typeof(BuiltinSchemas).Assembly.GetManifestResourceStream(Prefix + minor + ".json.gz")
            ?? throw new SchemaException($"built-in schemas for Kubernetes {minor} are missing from the assembly");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        // One read-only document for the process; a schema becomes a node only when a document of its kind (or a ref)
        // needs it, so a run pays for the parse and two name tables, not for a node per schema (a native process's cost).
        var document = JsonDocument.Parse(gzip);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new SchemaException($"built-in schemas for Kubernetes {minor} are not a JSON object");
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("kinds", out var k) && k.ValueKind == JsonValueKind.Object)
        {
            foreach (var kind in k.EnumerateObject())
            {
                if (kind.Value.ValueKind == JsonValueKind.String) kinds[kind.Name] = kind.Value.GetString()!;
            }
        }
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("schemas", out var all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (var schema in all.EnumerateObject()) schemas[schema.Name] = schema.Value;
        }
        var source = root.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String ? src.GetString()! : "";
        return new BuiltinSchemas(minor, source, kinds, new SchemaSet(name =>
            schemas.TryGetValue(name, out var e) && e.ValueKind == JsonValueKind.Object ? JsonObject.Create(e) : null));
    }
}
