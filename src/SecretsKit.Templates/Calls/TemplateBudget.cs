using SecretsKit.Go;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// What the functions of one execution may build, shared by every function it calls and every nested render: each
/// result is at most <see cref="TemplateLimits.MaxOutput"/> characters, and all results together at most
/// <see cref="TemplateLimits.BuildBudget"/>. Functions whose result can outgrow their arguments (serializers,
/// formatting, <c>repeat</c>, <c>join</c>, <c>replace</c>, <c>indent</c>…) ask <see cref="EnsureFits"/> or write
/// within <see cref="Limit"/> before they allocate; the evaluator then charges every result (<see cref="Charge"/>),
/// so growth that is linear in the arguments (<c>b64enc</c>, <c>quote</c>, <c>concat</c>) ends at the budget too.
/// </summary>
public sealed class TemplateBudget(TemplateLimits limits)
{
    /// <summary>What a built list or map costs before its elements, in characters (its object and arrays, two bytes a character).</summary>
    public const int CollectionCost = 64;

    /// <summary>What one element of a built list or map costs, in characters (a map entry holds a hash, a link, a key and a value).</summary>
    public const int ElementCost = 12;

    /// <summary>What a list or map of <paramref name="count"/> elements costs.</summary>
    public static long CollectionSize(int count) => CollectionCost + ((long)count * ElementCost);

    private long _built;

    /// <summary>Characters (and element slots) built so far.</summary>
    public long Built => _built;

    /// <summary>
    /// The most characters the next result may have: the output limit, or what is left of the build budget when that is
    /// less (always at least 1 while anything is left); 0 means unlimited.
    /// </summary>
    public long Limit
    {
        get
        {
            var total = limits.BuildBudget;
            if (total <= 0) return limits.MaxOutput;
            var left = Math.Max(1, total - _built);
            return limits.MaxOutput > 0 ? Math.Min(limits.MaxOutput, left) : left;
        }
    }

    /// <summary>Fails before <paramref name="function"/> allocates a result of <paramref name="length"/> characters that would not fit.</summary>
    public void EnsureFits(string function, long length)
    {
        limits.EnsureFits(function, length);
        var total = limits.BuildBudget;
        if (total > 0 && _built + length > total) throw Exceeded(total);
    }

    /// <summary>Counts what a function just built: a string's length, a list's or map's element slots (nothing for a value passed through).</summary>
    public void Charge(string function, object? result)
    {
        var size = result switch
        {
            string s => s.Length,
            IReadOnlyCollection<object?> l => CollectionSize(l.Count),
            IReadOnlyDictionary<string, object?> m => CollectionSize(m.Count),
            _ => 0,
        };
        if (result is string) limits.EnsureFits(function, size);
        Add(size);
    }

    /// <summary>Counts <paramref name="length"/> characters built on the way to a result (a formatted argument).</summary>
    public void Add(long length)
    {
        _built += length;
        var total = limits.BuildBudget;
        if (total > 0 && _built > total) throw Exceeded(total);
    }

    private static GoLimitException Exceeded(long total) =>
        new($"the template's functions built more than their budget of {total} characters");
}
