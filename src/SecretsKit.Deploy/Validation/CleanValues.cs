using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// The values of one validation found clean: a value the light parser shares where its bytes repeat
/// (<see cref="ManifestCollection.MayRepeat"/>; a CRD's schema repeats the same types in its versions and across the
/// CRDs of an API group) that a schema's check left with no finding and no value with CEL rules met is not walked again
/// under that schema (its refs resolved in the same schemas) and list semantics: the walk would find the same nothing.
/// Kept with how deep the walk went below the value, so that a place deeper in a document, where the walk would pass the
/// depth limit, walks it again. Shared by the document workers.
/// </summary>
internal sealed class CleanValues
{
    /// <summary>Each clean value's height, by value, schema, the schemas its refs resolve in and list semantics (nodes and
    /// schemas compare by reference).</summary>
    private readonly Dictionary<(ManifestCollection, SchemaNode, SchemaSet, ListTypeSemantics), int> _clean = [];
    private readonly Lock _gate = new();

    /// <summary>Whether <paramref name="value"/> was found clean under <paramref name="schema"/> by a walk that, started at
    /// <paramref name="depth"/>, stays within <paramref name="maxDepth"/>; <paramref name="height"/>: how deep that walk goes.</summary>
    public bool IsClean(ManifestCollection value, SchemaNode schema, SchemaSet refs, ListTypeSemantics listTypes, int depth, int maxDepth, out int height)
    {
        lock (_gate) return _clean.TryGetValue((value, schema, refs, listTypes), out height) && depth + height <= maxDepth;
    }

    /// <summary>Keeps <paramref name="value"/> clean under <paramref name="schema"/>, its walk <paramref name="height"/> levels deep.</summary>
    public void Add(ManifestCollection value, SchemaNode schema, SchemaSet refs, ListTypeSemantics listTypes, int height)
    {
        lock (_gate) _clean[(value, schema, refs, listTypes)] = height;
    }
}
