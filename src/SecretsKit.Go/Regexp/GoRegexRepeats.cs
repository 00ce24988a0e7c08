namespace SecretsKit.Go.Regexp;

/// <summary>
/// Go's limit on nested counted repetitions (<c>repeatIsValid</c>): along any path of nested <c>{n,m}</c>, each count must
/// fit in what 1,000 divided by the outer counts leaves, so <c>(a{1000}){1000}</c> is <c>invalid repeat count</c> rather
/// than a million-state machine. Tracks, per group, the chains of counts inside the last atom and the finished ones.
/// </summary>
public sealed class GoRegexRepeats
{
    private const int MaxChains = 64;

    private sealed class Frame
    {
        public List<int[]> Done { get; } = [];

        public List<int[]>? Last { get; set; }
    }

    private readonly Stack<Frame> _frames = new([new Frame()]);

    private Frame Top => _frames.Peek();

    public void Atom()
    {
        Flush();
        Top.Last = [[]];
    }

    public void Alternate() => Flush();

    public void Open() => _frames.Push(new Frame());

    public void Close()
    {
        Flush();
        var chains = Top.Done.Count == 0 ? [[]] : Top.Done;
        _frames.Pop();
        Flush();
        Top.Last = chains;
    }

    /// <summary>Applies <c>{min,max}</c> (max -1: unbounded) to the last atom; false when Go would refuse it.</summary>
    public bool Repeat(int min, int max)
    {
        var m = max == 0 ? -1 : max < 0 ? min : max;
        var next = (Top.Last ?? [[]]).Select(c => (int[])[m, .. c]).Take(MaxChains).ToList();
        Top.Last = next;
        return !(min >= 2 || max >= 2) || next.All(Valid);
    }

    private static bool Valid(int[] chain)
    {
        var n = 1000;
        foreach (var v in chain)
        {
            if (v == -1) return true;
            if (v > n) return false;
            if (v > 0) n /= v;
        }
        return true;
    }

    private void Flush()
    {
        if (Top.Last is null) return;
        foreach (var c in Top.Last)
        {
            if (Top.Done.Count < MaxChains) Top.Done.Add(c);
        }
        Top.Last = null;
    }
}
