namespace SecretsKit.Core.Keys;

/// <summary>
/// The outcome of asking one master key for the data key. "Not mine" (no matching identity) is a normal
/// outcome, distinct from a real failure; both carry a reason for the user (never secret material).
/// </summary>
public readonly record struct UnwrapResult(byte[]? DataKey, string Reason, bool NotApplicable)
{
    public bool Succeeded => DataKey is not null;

    /// <summary>
    /// On success, the key that actually opened the data key when that can differ from the one the entry names (age: the
    /// recipient of the identity that matched a stanza; the entry's recipient is only a claim); null when it is the entry's key.
    /// Worked out when asked (only the key service logs it): for an age key it costs a scalar multiplication a decrypt
    /// does not otherwise need.
    /// </summary>
    public string? UnwrappedBy => UnwrappedByName?.Invoke();

    /// <summary>What <see cref="UnwrappedBy"/> asks; null when the entry's key opened the data key.</summary>
    public Func<string>? UnwrappedByName { get; init; }

    public static UnwrapResult Success(byte[] dataKey) => new(dataKey, "", false);

    public static UnwrapResult NotMine(string reason) => new(null, reason, true);

    public static UnwrapResult Failed(string reason) => new(null, reason, false);
}
