using System.Runtime.CompilerServices;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Defaulting;

/// <summary>
/// A schema node's <c>default</c> with the defaults nested in it applied (the API server recurses into a value it has
/// just defaulted), made once per schema node and shared, never copied, by every place that receives it: the tree is
/// read-only for validation. With it, its size in nodes as it expands (a nested default counted at every place it
/// lands), which is what a document's defaulting budget is charged.
/// </summary>
internal static class EffectiveDefaults
{
    private static readonly ConditionalWeakTable<SchemaNode, StrongBox<(ManifestNode Node, long Size)>> Known = new();

    /// <summary>The effective default of <paramref name="schema"/>, which has a <see cref="SchemaNode.DefaultValue"/>.</summary>
    public static (ManifestNode Node, long Size) Of(SchemaNode schema)
    {
        var raw = schema.DefaultValue!;
        if (raw is ManifestScalar) return (raw, 1); // the common case: nothing nested, nothing to remember
        return Known.GetValue(schema, Make).Value;
    }

    private static StrongBox<(ManifestNode, long)> Make(SchemaNode schema)
    {
        var raw = schema.DefaultValue!;
        var nested = new StructuralDefaults(budget: long.MaxValue);
        var node = nested.Apply(raw, schema);
        return new((node, Count(raw, 0) + nested.Added));
    }

    /// <summary>The nodes of a default as written (no node is shared within it).</summary>
    private static long Count(ManifestNode node, int depth)
    {
        long count = 1;
        if (depth > StructuralDefaults.MaxDepth) return count;
        switch (node)
        {
            case ManifestMapping map:
                foreach (var entry in map.Entries) count += Count(entry.Value, depth + 1);
                break;
            case ManifestSequence seq:
                foreach (var item in seq.Items) count += Count(item, depth + 1);
                break;
        }
        return count;
    }
}
