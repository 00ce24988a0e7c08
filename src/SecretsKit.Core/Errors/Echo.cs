using System.Globalization;
using System.Text;

namespace SecretsKit.Core.Errors;

/// <summary>
/// Keeps messages short whatever the input: an echoed piece of input is cut to about 80 characters, a list in a hint
/// to 10 items plus "N more". Control characters are shown escaped, so an echo never spans lines or moves the cursor.
/// </summary>
public static class Echo
{
    /// <summary>Characters of input kept in a message.</summary>
    public const int MaxChars = 80;

    /// <summary>Items of a list kept in a hint.</summary>
    public const int MaxItems = 10;

    /// <summary>The text, cut to <paramref name="maxChars"/> (<see cref="MaxChars"/>) with "… (N characters)" when longer.</summary>
    public static string Bounded(string? text, int maxChars = MaxChars)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var sb = new StringBuilder(Math.Min(text.Length, maxChars) + 24);
        var i = 0;
        for (; i < text.Length && sb.Length < maxChars; i++)
        {
            var c = text[i];
            if (char.IsControl(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        if (i < text.Length) sb.Append(CultureInfo.InvariantCulture, $"… ({text.Length:N0} characters)");
        return sb.ToString();
    }

    /// <summary>
    /// A whole message of ours (which quotes input only through <see cref="Bounded"/>) in at most <paramref name="maxChars"/>
    /// characters, its "… (N characters)" tail (<see cref="Tail"/>) included, control characters kept: the last bound
    /// before a status, an event or a log line. A surrogate pair is never split.
    /// </summary>
    public static string Truncated(string? message, int maxChars)
    {
        if (string.IsNullOrEmpty(message) || message.Length <= maxChars) return message ?? string.Empty;
        var tail = Tail(message.Length);
        return string.Concat(message.AsSpan(0, WholeChars(message, maxChars - tail.Length)), tail);
    }

    /// <summary>What a cut message ends with: "… (N characters)", N the length of the whole.</summary>
    public static string Tail(int length) => $"… ({length.ToString("N0", CultureInfo.InvariantCulture)} characters)";

    /// <summary>At most <paramref name="count"/> (at least 0) characters of <paramref name="text"/>, one less when that would split a surrogate pair.</summary>
    private static int WholeChars(string text, int count)
    {
        var n = Math.Clamp(count, 0, text.Length);
        return n > 0 && n < text.Length && char.IsHighSurrogate(text[n - 1]) ? n - 1 : n;
    }

    /// <summary>The first <see cref="MaxItems"/> items joined by <paramref name="separator"/>, then "and N more".</summary>
    public static string List(IEnumerable<string> items, string separator = ", ")
    {
        ArgumentNullException.ThrowIfNull(items);
        var shown = new List<string>(MaxItems);
        var more = 0;
        foreach (var item in items)
        {
            if (shown.Count < MaxItems) shown.Add(Bounded(item));
            else more++;
        }
        var text = string.Join(separator, shown);
        return more == 0 ? text : text + separator + $"and {more.ToString("N0", CultureInfo.InvariantCulture)} more";
    }
}
