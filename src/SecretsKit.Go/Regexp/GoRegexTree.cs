namespace SecretsKit.Go.Regexp;

/// <summary>
/// A Go regular expression as <see cref="GoRegexAutomaton"/> reads it: runes of a set, the two text anchors, sequences,
/// choices and counted repeats. Captures, greediness and group names do not change whether a text matches, so they are
/// not kept.
/// </summary>
internal abstract class GoRegexTree
{
    /// <summary>One rune of <see cref="Set"/>.</summary>
    public sealed class Rune(GoRuneSet set) : GoRegexTree
    {
        public GoRuneSet Set { get; } = set;
    }

    /// <summary>The beginning (<c>^</c>, <c>\A</c>) or the end (<c>$</c>, <c>\z</c>) of the text, without the <c>m</c> flag.</summary>
    public sealed class Anchor(bool begin) : GoRegexTree
    {
        public bool Begin { get; } = begin;
    }

    /// <summary>Each item after the other; none: the empty text.</summary>
    public sealed class Sequence(IReadOnlyList<GoRegexTree> items) : GoRegexTree
    {
        public IReadOnlyList<GoRegexTree> Items { get; } = items;
    }

    /// <summary>One of the items.</summary>
    public sealed class Choice(IReadOnlyList<GoRegexTree> items) : GoRegexTree
    {
        public IReadOnlyList<GoRegexTree> Items { get; } = items;
    }

    /// <summary><see cref="Item"/> at least <see cref="Min"/> times and at most <see cref="Max"/> (-1: no limit).</summary>
    public sealed class Repeat(GoRegexTree item, int min, int max) : GoRegexTree
    {
        public GoRegexTree Item { get; } = item;
        public int Min { get; } = min;
        public int Max { get; } = max;
    }
}
