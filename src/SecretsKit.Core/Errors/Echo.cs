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
    /// A whole message of ours (which quotes input only through <see cref="Bounded"/>) cut to <paramref name="maxChars"/>
    /// with "… (N characters)", control characters kept: the last bound before a status, an event or a log line.
    /// </summary>
    public static string Truncated(string? message, int maxChars)
    {
        if (string.IsNullOrEmpty(message)) return string.Empty;
        return message.Length <= maxChars ? message : string.Concat(message.AsSpan(0, maxChars), $"… ({message.Length.ToString("N0", CultureInfo.InvariantCulture)} characters)");
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
