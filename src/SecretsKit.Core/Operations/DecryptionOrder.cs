namespace SecretsKit.Core.Operations;

/// <summary>The order key types are tried in within a group (<c>--decryption-order</c>, <c>SOPS_DECRYPTION_ORDER</c>); default age, then pgp.</summary>
public sealed record DecryptionOrder(IReadOnlyList<string> KeyTypes)
{
    public static DecryptionOrder Default { get; } = new(new[] { "age", "pgp" });

    public static DecryptionOrder Parse(string? commaSeparated) =>
        string.IsNullOrWhiteSpace(commaSeparated)
            ? Default
            : new(commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Stable sort: listed types first in list order, the others keep their order after them.</summary>
    public IEnumerable<T> Sort<T>(IEnumerable<T> keys, Func<T, string> typeOf) =>
        keys.Select((k, i) => (k, i))
            .OrderBy(p => Rank(typeOf(p.k)))
            .ThenBy(p => p.i)
            .Select(p => p.k);

    private int Rank(string type)
    {
        for (var i = 0; i < KeyTypes.Count; i++)
        {
            if (KeyTypes[i] == type) return i;
        }
        return KeyTypes.Count;
    }
}
