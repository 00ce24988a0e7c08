using System.Collections.Concurrent;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// The rules that passed on a value, remembered for one validation, so that a value met again with the same content
/// under the same schema (the same route filter rendered fifty times) is not converted and evaluated again. Only passes
/// are remembered: a rule's pass depends on <c>self</c> alone (no clock, no randomness, no old object), while a failure's
/// message may depend on the budget left. A remembered pass is used only when its cost fits the budget left, and it is
/// charged as if the rule ran, so the document's budget and counts are those of a run without the memo. A schema node
/// whose values seldom repeat (fewer than one in four of its first <see cref="Trial"/>) is no longer looked up: hashing
/// its values would cost more than it saves. Safe for the validation's workers at once; holds at most
/// <see cref="MaxEntries"/> values.
/// </summary>
internal sealed class CelRuleMemo
{
    /// <summary>Past this many values nothing more is remembered.</summary>
    public const int MaxEntries = 16_384;

    /// <summary>A value with more nodes than this is not remembered (hashing it costs about what converting it does,
    /// and such values seldom repeat).</summary>
    public const int MaxNodes = 512;

    /// <summary>Values looked up at a schema node before its hit rate decides whether to go on.</summary>
    public const int Trial = 16;

    private readonly ConcurrentDictionary<(SchemaNode Schema, SchemaSet Refs), Place> _places = new();
    private int _entries;

    /// <summary>The costs of the rules of <paramref name="schema"/> that passed on a value with <paramref name="value"/>'s
    /// content (-1 for one that did not pass), or null; <paramref name="place"/> is where to remember this value's
    /// passes (<see cref="Remember"/>) with its content's <paramref name="hash"/>, null when it is not to be remembered.</summary>
    public long[]? Find(ManifestNode value, SchemaNode schema, SchemaSet refs, out Place? place, out int hash)
    {
        place = _places.GetOrAdd((schema, refs), static _ => new Place());
        if (!place.Worthwhile || !ManifestContent.TryHash(value, MaxNodes, out hash))
        {
            place = null;
            hash = 0;
            return null;
        }
        Interlocked.Increment(ref place.Tries);
        if (!place.Values.TryGetValue(hash, out var passes) || !ManifestContent.Same(passes.Value, value)) return null;
        Interlocked.Increment(ref place.Hits);
        place = null;
        return passes.Costs;
    }

    /// <summary>Remembers which rules passed on <paramref name="value"/> (costs as in <see cref="Find"/>).</summary>
    public void Remember(Place place, int hash, ManifestNode value, long[] costs)
    {
        if (Interlocked.Increment(ref _entries) <= MaxEntries) place.Values.TryAdd(hash, new Passes(value, costs));
    }

    /// <summary>One schema node's remembered values and how often they were met again.</summary>
    internal sealed class Place
    {
        public readonly ConcurrentDictionary<int, Passes> Values = new();
        public int Tries;
        public int Hits;

        public bool Worthwhile => Volatile.Read(ref Tries) < Trial || Volatile.Read(ref Hits) * 4 >= Volatile.Read(ref Tries);
    }

    internal sealed record Passes(ManifestNode Value, long[] Costs);
}
