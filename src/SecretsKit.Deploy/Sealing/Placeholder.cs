using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// The opaque text that stands in for one decrypted value while helm renders (<c>--secrets-as sopssecret</c>):
/// <c>skph1</c> and 32 lower-case hex digits of a keyed digest (<see cref="PlaceholderKey"/>) of the value and its values
/// key. It is a plain YAML string (no quoting needed, never a number or boolean), survives <c>quote</c>, <c>toString</c>,
/// <c>trim</c>, <c>lower</c> and <c>b64enc</c>, and is found again in the rendering; a placeholder changed beyond that
/// (<c>upper</c>, a substring) is found by <see cref="PlaceholderScanner"/> and refused.
/// </summary>
public static partial class Placeholder
{
    /// <summary>What every placeholder starts with (the version of the form is its last character).</summary>
    public const string Prefix = "skph1";

    /// <summary>Hex digits after the prefix: 128 bits of the digest.</summary>
    public const int DigestLength = 32;

    /// <summary>A placeholder's whole length.</summary>
    public const int Length = 37;

    /// <summary>A placeholder as made (exact, lower case).</summary>
    [GeneratedRegex("skph1[0-9a-f]{32}", RegexOptions.CultureInvariant)]
    public static partial Regex Exact();

    /// <summary>Whether <paramref name="text"/> is one placeholder and nothing else.</summary>
    public static bool Is(string text) => text.Length == Length && Exact().IsMatch(text);
}
