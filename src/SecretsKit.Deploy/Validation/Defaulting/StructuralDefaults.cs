using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Defaulting;

/// <summary>
/// The API server's structural defaulting of a custom resource (apiextensions-apiserver's <c>defaulting.Default</c>),
/// which runs after decoding and pruning and before validation, so that validation, list types and CEL rules all see
/// the defaulted object. In an object, every declared property that is missing, or null where its schema is not
/// nullable, gets its schema's <c>default</c> (of any type); then every property and every map value
/// (<c>additionalProperties</c>: a null value that is not nullable gets the value schema's default) is defaulted in
/// turn, the defaulted ones included; in a list, a null item that is not nullable gets the item schema's default, and
/// every item is defaulted. A <c>$ref</c> is not followed (a CRD's schema has none but the standard metadata, which
/// has no defaults). The result shares every unchanged node with the input and every default with each place that
/// gets it (<see cref="EffectiveDefaults"/>); only the objects and lists on the way to a change are new. A document
/// whose defaults would add more than <see cref="MaxAddedNodes"/> nodes gets a finding and no further default.
/// </summary>
internal sealed class StructuralDefaults(Action<string, string>? report = null, long budget = StructuralDefaults.MaxAddedNodes)
{
    /// <summary>Nodes the defaults of one document may add: as many as a document may hold.</summary>
    public const long MaxAddedNodes = BoundedYaml.MaxNodes;

    /// <summary>Past this depth nothing is defaulted (validation reports the document as nested too deeply).</summary>
    public const int MaxDepth = 200;

    /// <summary>Objects past this many entries find a property through an index rather than by a scan.</summary>
    private const int IndexFrom = 16;

    /// <summary>The thread's trail (balanced by every walk that reports, so it is empty between them); null when nothing is reported.</summary>
    [ThreadStatic]
    private static FieldTrail? _threadTrail;

    private readonly FieldTrail? _trail = report is null ? null : _threadTrail ??= new FieldTrail();
    private long _remaining = budget;

    /// <summary>The nodes the defaults added so far (each default counted in full at every place it went).</summary>
    public long Added { get; private set; }

    /// <summary><paramref name="node"/> defaulted under <paramref name="schema"/>: the same node when nothing changed.</summary>
    public ManifestNode Apply(ManifestNode node, SchemaNode schema) => Walk(node, schema, 0);

    private ManifestNode Walk(ManifestNode node, SchemaNode schema, int depth)
    {
        if (depth > MaxDepth || schema.Ref is not null || !schema.HasDefaults) return node;
        return node switch
        {
            ManifestMapping map => Object(map, schema, depth),
            ManifestSequence seq when schema.Items is { } items => List(seq, items, depth),
            _ => node,
        };
    }

    private ManifestMapping Object(ManifestMapping map, SchemaNode schema, int depth)
    {
        var copy = schema.DefaultedProperties is { Count: > 0 } defaulted ? MissingDefaults(map, defaulted) : null;
        var entries = copy?.Entries ?? map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, findable, child) = entries[i];
            if (!findable) continue;
            ManifestNode result;
            if (schema.Properties?.GetValueOrDefault(key) is { } property)
            {
                if (property.DefaultValue is not null && ReferenceEquals(child, EffectiveDefaults.Of(property).Node)) continue; // defaulted just now
                result = Child(child, key, property, depth);
            }
            else if (schema.AdditionalProperties is { } values)
            {
                result = IsNonNullableNull(child, values) && values.DefaultValue is not null
                    ? Take(values, key) ?? child
                    : Child(child, key, values, depth);
            }
            else continue;
            if (ReferenceEquals(result, child)) continue;
            copy ??= Copy(map, 0);
            copy.Entries[i] = new ManifestEntry(key, true, result);
        }
        return copy ?? map;
    }

    /// <summary>A copy of <paramref name="map"/> with the defaults of its missing (or non-nullable null) properties; null when none applies.</summary>
    private ManifestMapping? MissingDefaults(ManifestMapping map, IReadOnlyList<KeyValuePair<string, SchemaNode>> defaulted)
    {
        ManifestMapping? copy = null;
        Dictionary<string, int>? index = null;
        for (var p = 0; p < defaulted.Count; p++)
        {
            var (name, property) = defaulted[p];
            if (index is null && map.Entries.Count > IndexFrom) index = Index(map);
            var at = index is not null ? index.GetValueOrDefault(name, -1) : Find(map, name);
            if (at >= 0 && !IsNonNullableNull(map.Entries[at].Value, property)) continue;
            if (Take(property, name) is not { } value) continue;
            copy ??= Copy(map, defaulted.Count - p);
            if (at >= 0) copy.Entries[at] = new ManifestEntry(name, true, value);
            else copy.Entries.Add(new ManifestEntry(name, true, value));
        }
        return copy;
    }

    private ManifestSequence List(ManifestSequence seq, SchemaNode items, int depth)
    {
        ManifestSequence? copy = null;
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            ManifestNode result;
            if (IsNonNullableNull(item, items) && items.DefaultValue is not null)
            {
                _trail?.Push(i);
                result = Take(items, null) ?? item;
                _trail?.Pop();
            }
            else
            {
                _trail?.Push(i);
                result = Walk(item, items, depth + 1);
                _trail?.Pop();
            }
            if (ReferenceEquals(result, item)) continue;
            if (copy is null)
            {
                copy = new ManifestSequence();
                copy.Items.Capacity = seq.Items.Count;
                copy.Items.AddRange(seq.Items);
            }
            copy.Items[i] = result;
        }
        return copy ?? seq;
    }

    private ManifestNode Child(ManifestNode child, string key, SchemaNode schema, int depth)
    {
        _trail?.Push(key);
        var result = Walk(child, schema, depth + 1);
        _trail?.Pop();
        return result;
    }

    /// <summary><paramref name="schema"/>'s effective default, charged to the budget; null (and a finding, once) past it.</summary>
    private ManifestNode? Take(SchemaNode schema, string? key)
    {
        var (node, size) = EffectiveDefaults.Of(schema);
        if (size > _remaining)
        {
            if (_remaining >= 0 && report is not null && _trail is not null)
            {
                if (key is not null) _trail.Push(key);
                report(_trail.ToString(), $"defaults not applied: this document's defaults would add more than {MaxAddedNodes} values (a budget of this validator; the API server has none)");
                if (key is not null) _trail.Pop();
            }
            _remaining = -1;
            return null;
        }
        _remaining -= size;
        Added += size;
        return node;
    }

    /// <summary>A null where the schema is not nullable: the API server defaults it (or, without a default, drops it).</summary>
    private static bool IsNonNullableNull(ManifestNode value, SchemaNode schema) =>
        !schema.Nullable && value is ManifestScalar s && ScalarValue.IsNull(s);

    /// <summary>A copy with room for <paramref name="more"/> entries (the defaults still to come), so that adding them does not grow it.</summary>
    private static ManifestMapping Copy(ManifestMapping map, int more)
    {
        var copy = new ManifestMapping();
        copy.Entries.Capacity = map.Entries.Count + more;
        copy.Entries.AddRange(map.Entries);
        foreach (var key in map.Duplicates) copy.AddDuplicate(key);
        return copy;
    }

    private static int Find(ManifestMapping map, string key)
    {
        for (var i = 0; i < map.Entries.Count; i++)
        {
            if (map.Entries[i].Findable && string.Equals(map.Entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static Dictionary<string, int> Index(ManifestMapping map)
    {
        var index = new Dictionary<string, int>(map.Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < map.Entries.Count; i++)
        {
            if (map.Entries[i].Findable) index[map.Entries[i].Key] = i;
        }
        return index;
    }
}
