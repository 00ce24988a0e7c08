using System.Numerics;

namespace SecretsKit.Go.Regexp;

/// <summary>
/// Whether a text matches a Go regular expression, in time linear in the text and with next to nothing to build: the
/// expression's position automaton (Glushkov's: one state per rune of the expression, at most 64, so a state set is one
/// <c>ulong</c>), run over the text's runes framed by two symbols that only the anchors match (<c>^</c> the one before
/// the text, <c>$</c> the one after it), with a fresh start at every symbol, as Go's unanchored search. Built for
/// expressions <see cref="GoRegexTreeParser"/> reads and where no beginning can directly follow an end (<c>$^</c>); for the rest <see cref="TryBuild"/> answers null and
/// <see cref="GoRegex"/> uses .NET's non-backtracking engine. Building .NET's engine costs a fresh process about 0.2 ms a
/// pattern (a CRD brings dozens), this well under 0.01 ms.
/// </summary>
internal sealed class GoRegexAutomaton
{
    private const int MaxPositions = 64;
    private readonly ulong[] _follow;
    private readonly ulong[] _ascii = new ulong[128];
    private readonly GoRuneSet?[] _sets;
    private readonly ulong _first;
    private readonly ulong _last;
    private readonly ulong _begin;
    private readonly ulong _end;
    private readonly bool _nullable;
    private readonly bool _anchoredStart;

    private GoRegexAutomaton(Builder built, (bool Nullable, ulong First, ulong Last) whole)
    {
        _follow = [.. built.Follow];
        _sets = [.. built.Sets];
        (_nullable, _first, _last) = whole;
        for (var p = 0; p < _sets.Length; p++)
        {
            var bit = 1UL << p;
            if (_sets[p] is { } set)
            {
                for (var c = 0; c < 128; c++)
                {
                    if (set.Contains(c)) _ascii[c] |= bit;
                }
            }
            else if (built.Begins[p]) _begin |= bit;
            else _end |= bit;
        }
        _anchoredStart = (_first & ~_begin) == 0;
    }

    /// <summary>The automaton of <paramref name="expr"/> (already accepted by <see cref="GoRegexSyntax"/>), or null when it needs .NET's engine.</summary>
    public static GoRegexAutomaton? TryBuild(string expr)
    {
        if (GoRegexTreeParser.TryParse(expr) is not { } tree) return null;
        var builder = new Builder();
        if (builder.Build(tree) is not { } whole) return null;
        var last = whole.Last;
        return builder.JoinAnchors(ref last) ? new GoRegexAutomaton(builder, (whole.Nullable, whole.First, last)) : null;
    }

    /// <summary>Go's <c>MatchString</c>: whether some part of <paramref name="s"/> matches.</summary>
    public bool IsMatch(string s)
    {
        if (_nullable) return true;
        var state = _first & _begin;
        if ((state & _last) != 0) return true;
        ulong seen = 0, seenNext = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (state == 0 && _anchoredStart) return false;
            int rune = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                rune = char.ConvertToUtf32(s[i], s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                rune = 0xFFFD; // Go reads an invalid sequence as U+FFFD
            }
            if (state != seen) (seen, seenNext) = (state, Next(state)); // a loop's state repeats: one walk of its bits
            state = (seenNext | _first) & (rune < 128 ? _ascii[rune] : Matching(rune));
            if ((state & _last) != 0) return true;
        }
        state = (Next(state) | _first) & _end;
        return (state & _last) != 0;
    }

    private ulong Next(ulong state)
    {
        var next = 0UL;
        while (state != 0)
        {
            next |= _follow[BitOperations.TrailingZeroCount(state)];
            state &= state - 1;
        }
        return next;
    }

    private ulong Matching(int rune)
    {
        var mask = 0UL;
        for (var p = 0; p < _sets.Length; p++)
        {
            if (_sets[p]?.Contains(rune) == true) mask |= 1UL << p;
        }
        return mask;
    }

    /// <summary>Glushkov's construction: positions, and for each the positions that may follow it.</summary>
    private sealed class Builder
    {
        public List<ulong> Follow { get; } = [];
        public List<GoRuneSet?> Sets { get; } = [];
        public List<bool> Begins { get; } = [];

        /// <summary>Whether the expression may match the empty text, the positions it may start and end with; null past 64 positions.</summary>
        public (bool Nullable, ulong First, ulong Last)? Build(GoRegexTree tree) => tree switch
        {
            GoRegexTree.Rune r => Position(r.Set, begin: false),
            GoRegexTree.Anchor a => Position(null, a.Begin),
            GoRegexTree.Sequence s => Sequence(s.Items.Count, i => Build(s.Items[i])),
            GoRegexTree.Choice c => Choice(c),
            GoRegexTree.Repeat r => Repeat(r),
            _ => null,
        };

        /// <summary>
        /// An anchor right after an anchor of its kind (<c>^^</c>, <c>\A^</c>, <c>$$</c>) holds at the same place, and the
        /// framing has one symbol for both: such a pair becomes the first anchor with the second's follow (and accepting
        /// when the second is). False when an end may be followed by a beginning (<c>$^</c>, only the empty text).
        /// </summary>
        public bool JoinAnchors(ref ulong last)
        {
            ulong begins = 0, ends = 0;
            for (var p = 0; p < Sets.Count; p++)
            {
                if (Sets[p] is null && Begins[p]) begins |= 1UL << p;
                else if (Sets[p] is null) ends |= 1UL << p;
            }
            foreach (var kind in (ReadOnlySpan<ulong>)[begins, ends])
            {
                for (var changed = true; changed;)
                {
                    changed = false;
                    for (var p = 0; p < Sets.Count; p++)
                    {
                        if ((kind >> p & 1) == 0) continue;
                        for (var same = Follow[p] & kind; same != 0; same &= same - 1)
                        {
                            var q = BitOperations.TrailingZeroCount(same);
                            var joined = Follow[p] | Follow[q];
                            var accepting = (last >> q & 1) != 0 ? 1UL << p : 0;
                            changed |= joined != Follow[p] || (last & accepting) != accepting;
                            (Follow[p], last) = (joined, last | accepting);
                        }
                    }
                }
                for (var p = 0; p < Sets.Count; p++)
                {
                    if ((kind >> p & 1) != 0) Follow[p] &= ~kind;
                }
            }
            for (var p = 0; p < Sets.Count; p++)
            {
                if ((ends >> p & 1) != 0 && (Follow[p] & begins) != 0) return false;
            }
            return true;
        }

        private (bool, ulong, ulong)? Position(GoRuneSet? set, bool begin)
        {
            if (Sets.Count == MaxPositions) return null;
            Sets.Add(set);
            Begins.Add(begin);
            Follow.Add(0);
            var bit = 1UL << (Sets.Count - 1);
            return (false, bit, bit);
        }

        private (bool Nullable, ulong First, ulong Last)? Sequence(int count, Func<int, (bool Nullable, ulong First, ulong Last)?> item)
        {
            (bool Nullable, ulong First, ulong Last) whole = (true, 0, 0);
            for (var i = 0; i < count; i++)
            {
                if (item(i) is not { } next) return null;
                Link(whole.Last, next.First);
                whole = (whole.Nullable && next.Nullable,
                    whole.First | (whole.Nullable ? next.First : 0),
                    next.Last | (next.Nullable ? whole.Last : 0));
            }
            return whole;
        }

        private (bool, ulong, ulong)? Choice(GoRegexTree.Choice choice)
        {
            (bool Nullable, ulong First, ulong Last) whole = (false, 0, 0);
            foreach (var item in choice.Items)
            {
                if (Build(item) is not { } one) return null;
                whole = (whole.Nullable || one.Nullable, whole.First | one.First, whole.Last | one.Last);
            }
            return whole;
        }

        // x{n,m}: n copies of x, then m-n copies of x? (the same texts as nested options); x{n,}: n-1 copies, then x+.
        private (bool, ulong, ulong)? Repeat(GoRegexTree.Repeat repeat)
        {
            if (repeat.Max < 0)
            {
                var copies = Math.Max(repeat.Min, 1);
                return Sequence(copies, i => i < copies - 1 ? Build(repeat.Item) : Loop(repeat.Item, repeat.Min == 0));
            }
            return Sequence(repeat.Max, i => i < repeat.Min ? Build(repeat.Item) : Optional(repeat.Item));
        }

        private (bool, ulong, ulong)? Loop(GoRegexTree item, bool optional)
        {
            if (Build(item) is not { } one) return null;
            Link(one.Last, one.First);
            return (one.Nullable || optional, one.First, one.Last);
        }

        private (bool, ulong, ulong)? Optional(GoRegexTree item) => Build(item) is { } one ? (true, one.First, one.Last) : null;

        private void Link(ulong from, ulong to)
        {
            if (to == 0) return;
            while (from != 0)
            {
                Follow[BitOperations.TrailingZeroCount(from)] |= to;
                from &= from - 1;
            }
        }
    }
}
