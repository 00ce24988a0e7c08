namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// What an event says about the changed secret's tags (labels): those it sets (with their values) and those it removes;
/// <see cref="Complete"/> when <see cref="Set"/> is every tag the secret now has (a created secret, GCP's Secret JSON),
/// not when the event only names a change (AWS <c>TagResource</c>, <c>UntagResource</c>). A tags-only <c>find</c> that did
/// not return the secret before is refreshed when <see cref="MayMatch"/> its tags: a secret that newly matches joins it at
/// once (one that no longer matches is refreshed anyway, as the find returned it).
/// </summary>
internal sealed record TagChange(IReadOnlyDictionary<string, string> Set, IReadOnlyCollection<string> Removed, bool Complete)
{
    /// <summary>Tags one event may carry (AWS allows 50 per secret, GCP 64 labels); an event with more carries none here.</summary>
    public const int MaxTags = 64;

    /// <summary>
    /// Whether the secret may now have every tag of <paramref name="findTags"/>: with the complete set, exactly; with a
    /// change, when it sets at least one of them to the find's value and contradicts none (sets another value or
    /// removes it), the tags it does not name being unknown.
    /// </summary>
    public bool MayMatch(IReadOnlyDictionary<string, string> findTags)
    {
        if (findTags.Count == 0) return false;
        var setsOne = false;
        foreach (var (key, value) in findTags)
        {
            if (Set.TryGetValue(key, out var now))
            {
                if (!string.Equals(now, value, StringComparison.Ordinal)) return false;
                setsOne = true;
            }
            else if (Complete || Removed.Contains(key)) return false;
        }
        return setsOne;
    }
}
