using System.Globalization;
using System.Runtime.CompilerServices;
using SecretsKit.Cel;
using SecretsKit.Cel.Kubernetes;
using SecretsKit.Cel.Values;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// A manifest value as the CEL value the API server hands a rule as <c>self</c>: decoded as JSON first (a scalar under
/// a <c>string</c> schema is its text; other scalars are typed as YAML 1.1 types them: null, boolean, integer, number; a
/// null field is dropped; defaults are already in the tree (<c>Validation/Defaulting</c>); an unresolved alias, a non-finite
/// float and anything nested deeper than the bound below the outermost node with rules are null), then seen through its structural schema as
/// <see cref="KubernetesValues"/> says (formats, list types, numbers). Built straight from the manifest tree, and each
/// node's value is recorded in an index by node and schema (a node may sit in several places: an alias, a value the
/// light parser read once), so that a document is converted once and every rule-carrying node below gets its part of
/// that value.
/// </summary>
internal static class CelValues
{
    private const int MaxDepth = 200;

    /// <summary>A manifest node under a schema (resolved): where an index of values finds a node's value.</summary>
    internal readonly record struct NodeKey(ManifestNode Node, SchemaNode Schema)
    {
        public bool Equals(NodeKey other) => ReferenceEquals(Node, other.Node) && ReferenceEquals(Schema, other.Schema);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Node), RuntimeHelpers.GetHashCode(Schema));
    }

    /// <summary>The value of <paramref name="value"/> under <paramref name="schema"/>; every manifest node converted
    /// (this one and those below it) is recorded in <paramref name="index"/> with its value, under its resolved schema.</summary>
    public static object? Convert(ManifestNode value, SchemaNode schema, SchemaSet refs, Dictionary<NodeKey, object?> index) =>
        Value(value, schema, KubernetesValues.Typed(CelSchemas.For(schema, refs)), refs, index, 0);

    private static object? Value(ManifestNode value, SchemaNode schema, KubernetesSchema? typed, SchemaSet refs, Dictionary<NodeKey, object?> index, int depth)
    {
        schema = refs.Resolve(schema);
        object? converted;
        switch (value)
        {
            case ManifestMapping map when depth < MaxDepth:
                converted = Map(map, schema, typed, refs, index, depth);
                break;
            case ManifestSequence seq when depth < MaxDepth:
                converted = List(seq, schema, typed, refs, index, depth);
                break;
            case ManifestScalar scalar:
                converted = Scalar(scalar, ScalarValue.Of(scalar), schema, typed);
                break;
            default:
                return null; // not recorded: a rule on it converts it afresh
        }
        index[new NodeKey(value, schema)] = converted;
        return converted;
    }

    private static CelMap Map(ManifestMapping map, SchemaNode schema, KubernetesSchema? typed, SchemaSet refs, Dictionary<NodeKey, object?> index, int depth)
    {
        // a mapping's findable keys are distinct (a key written twice holds its last value): the map takes them as they are
        var keys = new object[map.Entries.Count];
        var values = new object?[keys.Length];
        var count = 0;
        foreach (var (key, findable, child) in map.Entries)
        {
            if (!findable) continue;
            var scalar = child is ManifestScalar s ? ScalarValue.Of(s) : (ScalarValue?)null;
            if (scalar is { Kind: ScalarKind.Null }) continue;
            var childSchema = schema.Properties?.GetValueOrDefault(key) ?? schema.AdditionalProperties ?? SchemaNode.Any;
            var childTyped = typed is null ? null : KubernetesValues.Typed(KubernetesValues.Field(typed, key));
            object? converted;
            if (scalar is { } known)
            {
                var resolved = refs.Resolve(childSchema);
                converted = Scalar((ManifestScalar)child, known, resolved, childTyped);
                index[new NodeKey(child, resolved)] = converted;
            }
            else converted = Value(child, childSchema, childTyped, refs, index, depth + 1);
            keys[count] = key;
            values[count++] = converted;
        }
        return CelMap.OfDistinct(keys, values, count);
    }

    private static CelList List(ManifestSequence seq, SchemaNode schema, KubernetesSchema? typed, SchemaSet refs, Dictionary<NodeKey, object?> index, int depth)
    {
        var itemSchema = schema.Items ?? SchemaNode.Any;
        var itemTyped = typed is null ? null : KubernetesValues.Typed(typed.Items);
        var items = new List<object?>(seq.Items.Count);
        foreach (var item in seq.Items) items.Add(Value(item, itemSchema, itemTyped, refs, index, depth + 1));
        return KubernetesValues.List(items, typed);
    }

    private static object? Scalar(ManifestScalar scalar, ScalarValue value, SchemaNode schema, KubernetesSchema? typed)
    {
        if (value.Kind == ScalarKind.Null) return null;
        if (schema.Type == "string" && !schema.IntOrString) return KubernetesValues.FromString(scalar.Value, typed);
        switch (value.Kind)
        {
            case ScalarKind.Boolean:
                return value.Text == "true";
            case ScalarKind.Integer when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                return KubernetesValues.FromInteger(integer, typed);
            case ScalarKind.Integer or ScalarKind.Float
                when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                return number;
            case ScalarKind.String:
                return KubernetesValues.FromString(scalar.Value, typed);
            default:
                return null;
        }
    }
}
