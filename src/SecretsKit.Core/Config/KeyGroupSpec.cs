namespace SecretsKit.Core.Config;

/// <summary>One key group of a creation rule: its keys in sops's order, de-duplicated by type and identity.</summary>
public sealed record KeyGroupSpec(IReadOnlyList<KeySpec> Keys)
{
    public static KeyGroupSpec Empty { get; } = new(Array.Empty<KeySpec>());

    /// <summary>Builds a group, dropping later keys whose type and <see cref="KeySpec.Identity"/> repeat an earlier one.</summary>
    public static KeyGroupSpec Deduplicated(IEnumerable<KeySpec> keys)
    {
        var seen = new HashSet<(string, string)>();
        var kept = new List<KeySpec>();
        foreach (var key in keys)
        {
            if (seen.Add((key.ConfigGroupKey, key.Identity)))
            {
                kept.Add(key);
            }
        }
        return new KeyGroupSpec(kept);
    }
}
