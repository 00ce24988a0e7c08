using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretsKit.Agent.Common;

/// <summary>The Go-style durations of ESO's <c>refreshInterval</c> fields (<c>1h30m</c>, <c>15s</c>, <c>0</c>).</summary>
internal static partial class GoDuration
{
    /// <summary>The interval when a manifest gives none (or one that does not parse), as ESO's default.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>Null, empty or unparsable = <see cref="DefaultInterval"/>; "0" = zero (sync once).</summary>
    public static TimeSpan ParseInterval(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultInterval;
        if (text.Trim() == "0") return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var matches = DurationPart().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim()) return DefaultInterval;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => TimeSpan.Zero,
            };
        }
        return total;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
