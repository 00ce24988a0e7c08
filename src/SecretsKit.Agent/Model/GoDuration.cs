using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretsKit.Agent.Model;

/// <summary>The Go-style durations of ESO's <c>refreshInterval</c> fields (<c>1h30m</c>, <c>15s</c>, <c>0</c>).</summary>
internal static partial class GoDuration
{
    /// <summary>The interval when a manifest gives none (or one that does not parse), as ESO's default.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>Null, empty or unparsable = <see cref="DefaultInterval"/>; "0" = zero (sync once).</summary>
    public static TimeSpan ParseInterval(string? text) =>
        !string.IsNullOrWhiteSpace(text) && TryParse(text.Trim(), out var interval) ? interval : DefaultInterval;

    /// <summary>Exactly a Go duration (<c>0</c>, or number+unit parts with h, m, s, ms), nothing around it.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0") return true;
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text) return false;
        var seconds = 0.0;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += n * m.Groups[2].Value switch { "h" => 3600, "m" => 60, "s" => 1, _ => 0.001 };
            // past Go's int64 nanoseconds time.ParseDuration says "invalid duration"; checked before TimeSpan could overflow
            if (seconds > MaxSeconds) return false;
            duration += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => TimeSpan.Zero,
            };
        }
        return true;
    }

    /// <summary>The longest Go duration, 2562047h47m16.854775807s, in seconds.</summary>
    private const double MaxSeconds = long.MaxValue / 1e9;

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
