namespace SecretsKit.Core.Credentials;

/// <summary>
/// What makes a string a credential rather than a stand-in for one: its Shannon entropy (bits per character, as
/// gitleaks weighs a match) and the placeholders documentation writes instead of a value (<c>xxxx</c>, <c>changeme</c>,
/// <c>&lt;token&gt;</c>, <c>demo</c>, AWS's own <c>…EXAMPLE</c> keys).
/// </summary>
public static class CredentialValues
{
    private static readonly string[] PlaceholderWords =
    [
        "example", "demo", "changeme", "change-me", "change_me", "placeholder", "dummy", "redacted", "your-", "your_", "xxxxxx", "sample",
        "notasecret", "not-a-secret", "replace-me", "replaceme", "fake", "0000000000",
    ];

    /// <summary>Shannon entropy of <paramref name="value"/> in bits per character (0 for an empty string).</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0) return 0;
        var counts = new Dictionary<char, int>();
        foreach (var c in value) counts[c] = counts.GetValueOrDefault(c) + 1;
        var entropy = 0.0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / value.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    /// <summary>A stand-in for a value: a placeholder word, angle brackets, or one character repeated.</summary>
    public static bool IsPlaceholder(string value)
    {
        if (value.Length == 0) return true;
        var lower = value.ToLowerInvariant();
        if (PlaceholderWords.Any(w => lower.Contains(w, StringComparison.Ordinal))) return true;
        if (value.Contains('<', StringComparison.Ordinal) && value.Contains('>', StringComparison.Ordinal)) return true;
        return value.Distinct().Count() <= 2;
    }
}
