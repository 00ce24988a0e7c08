using System.Globalization;

namespace SecretsKit.Core.Metadata;

/// <summary>RFC 3339 parsing and the second-precision UTC form sops writes for <c>lastmodified</c>/<c>created_at</c>.</summary>
public static class Rfc3339
{
    private static readonly string[] Patterns =
    {
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    };

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        var trimmed = text;
        // .NET accepts at most 7 fraction digits; Go writes up to 9: cut the extra ones before parsing.
        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < trimmed.Length && char.IsDigit(trimmed[end])) end++;
            if (end - dot - 1 > 7) trimmed = trimmed[..(dot + 8)] + trimmed[end..];
        }
        return DateTimeOffset.TryParseExact(trimmed, Patterns, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>Go's <c>time.RFC3339</c> layout: seconds, <c>Z</c> for a zero offset, else <c>±hh:mm</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The time sops stamps a write with: now, UTC, whole seconds.</summary>
    public static string Now(TimeProvider time) => Format(time.GetUtcNow().ToUniversalTime());
}
