using System.Runtime.CompilerServices;
using SecretsKit.Cel.Kubernetes;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// A <see cref="SchemaNode"/> as the CEL engine sees it (<see cref="KubernetesSchema"/>: the types, formats, list types
/// and extensions that decide how a value is handed to CEL), built once per schema node. Refs are resolved through the
/// node's <see cref="SchemaSet"/>; a schema that refers back to itself through properties is shared, not copied, and
/// one that does so only through items or map values (or nests deeper than the bound) is seen as untyped there.
/// </summary>
internal static class CelSchemas
{
    private const int MaxDepth = 200;
    private static readonly ConditionalWeakTable<SchemaNode, KubernetesSchema> Built = new();
    private static readonly ConditionalWeakTable<SchemaNode, KubernetesSchema> Ready = new();
    private static readonly Lock Gate = new();
    private static readonly KubernetesSchema Untyped = new() { PreserveUnknownFields = true };
    private static readonly Dictionary<string, KubernetesSchema> NoProperties = new(StringComparer.Ordinal);

    public static KubernetesSchema For(SchemaNode node, SchemaSet refs)
    {
        // handed out before (every document of a kind after its first): no lock, no set of pending nodes. Not Built,
        // which holds a node's schema while its properties are still being filled under the lock.
        node = refs.Resolve(node);
        if (Ready.TryGetValue(node, out var ready)) return ready;
        lock (Gate)
        {
            var built = Build(node, refs, new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance), 0);
            Ready.AddOrUpdate(node, built);
            return built;
        }
    }

    /// <summary>The CEL type name the API server prints for a node (<c>object</c>, <c>string</c>, … or empty).</summary>
    public static string TypeName(SchemaNode node, SchemaSet refs)
    {
        node = refs.Resolve(node);
        return node.IntOrString || node.Type == "quantity" ? "" : node.Type ?? "";
    }

    private static KubernetesSchema Build(SchemaNode node, SchemaSet refs, HashSet<SchemaNode> pending, int depth)
    {
        node = refs.Resolve(node);
        if (Built.TryGetValue(node, out var built)) return built;
        if (node.Ref is not null || depth > MaxDepth || !pending.Add(node)) return Untyped;
        var properties = node.Properties is null ? NoProperties : new Dictionary<string, KubernetesSchema>(StringComparer.Ordinal);
        var numberOrString = node.IntOrString || node.Type == "quantity";
        var schema = new KubernetesSchema
        {
            Type = numberOrString ? null : node.Type,
            Format = node.Format,
            IntOrString = numberOrString,
            PreserveUnknownFields = node.PreserveUnknownFields,
            Properties = properties,
            Items = node.Items is { } items ? Build(items, refs, pending, depth + 1) : null,
            AdditionalProperties = node.AdditionalProperties is { } values ? Build(values, refs, pending, depth + 1) : null,
            ListType = node.ListType,
            ListMapKeys = node.ListMapKeys,
        };
        Built.AddOrUpdate(node, schema);
        pending.Remove(node);
        if (node.Properties is { } declared)
        {
            foreach (var (name, property) in declared) properties[name] = Build(property, refs, pending, depth + 1);
        }
        return schema;
    }
}
