namespace SecretsKit.Core.Operations;

/// <summary>The order key types are tried in within a group (<c>--decryption-order</c>, <c>SOPS_DECRYPTION_ORDER</c>); default age, then pgp.</summary>
public sealed record DecryptionOrder(IReadOnlyList<string> KeyTypes)
{
    public static DecryptionOrder Default { get; } = new(new[] { Keys.KeyKinds.Age.MetadataKey, Keys.KeyKinds.Pgp.MetadataKey });

    public static DecryptionOrder Parse(string? commaSeparated) =>
        string.IsNullOrWhiteSpace(commaSeparated)
            ? Default
            : new(commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Stable sort: listed types first in list order, the others keep their order after them.</summary>
    /// <remarks>One pass per rank instead of LINQ OrderBy/ThenBy over (key, index) tuples: those value-tuple instantiations
    /// of framework generics cannot be precompiled by ReadyToRun, so every cold decrypt JIT-compiled about 45 methods.</remarks>
    public IEnumerable<T> Sort<T>(IEnumerable<T> keys, Func<T, string> typeOf)
    {
        var items = new List<T>(keys);
        var ranks = new int[items.Count];
        for (var i = 0; i < items.Count; i++) ranks[i] = Rank(typeOf(items[i]));
        var sorted = new List<T>(items.Count);
        for (var rank = 0; rank <= KeyTypes.Count; rank++)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (ranks[i] == rank) sorted.Add(items[i]);
            }
        }
        return sorted;
    }

    private int Rank(string type)
    {
        for (var i = 0; i < KeyTypes.Count; i++)
        {
            if (KeyTypes[i] == type) return i;
        }
        return KeyTypes.Count;
    }
}
