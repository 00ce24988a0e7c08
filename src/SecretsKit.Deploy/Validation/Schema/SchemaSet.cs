using System.Collections.Concurrent;
using System.Text.Json;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// Named schemas that refer to each other by <c>$ref</c> (the built-in bundle's <c>schemas</c>, a JSON Schema file's
/// <c>definitions</c>); each is read into a <see cref="SchemaNode"/> the first time it is needed. Thread-safe.
/// </summary>
internal sealed class SchemaSet(Func<string, SchemaNode?> read)
{
    private readonly ConcurrentDictionary<string, SchemaNode> _read = new(StringComparer.Ordinal);

    /// <summary>The schemas of a JSON object of named schemas (a JSON Schema file's <c>definitions</c>); undefined: none.</summary>
    public SchemaSet(JsonElement raw)
        : this(name => raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object
            ? SchemaReader.Read(o) : null)
    {
    }

    /// <summary>The named schema, or <see cref="SchemaNode.Any"/> when the name is unknown (nothing to check against).</summary>
    public SchemaNode Find(string name) => _read.TryGetValue(name, out var known) ? known : _read.GetOrAdd(name, n => read(n) ?? SchemaNode.Any);

    /// <summary>Follows <paramref name="node"/>'s refs to the schema they name (a bounded chain).</summary>
    public SchemaNode Resolve(SchemaNode node)
    {
        for (var i = 0; node.Ref is { } name && i < 32; i++) node = Find(name);
        return node;
    }
}
