using System.Globalization;
using System.Text;
using SecretsKit.Cel.Values;
using SecretsKit.Go.Time;

namespace SecretsKit.Cel.Library;

/// <summary>Timestamps and durations as CEL reads and prints them. The text rules are Go's (<c>SecretsKit.Go</c>): a timestamp
/// is <c>time.RFC3339</c> as cel-go parses it and <c>time.RFC3339Nano</c> in UTC as it prints it, a duration string is
/// <c>time.ParseDuration</c>'s (<c>1h30m</c>, <c>1.5s</c>, <c>-2ms</c>); here are only CEL's ranges and its
/// <c>string(duration)</c>.</summary>
internal static class TimeText
{
    public static CelTimestamp? ParseTimestamp(string text)
    {
        if (!GoRfc3339.TryParseUnix(text, out var seconds, out var nanoseconds)) return null;
        var nanos = ((Int128)seconds * 1_000_000_000) + nanoseconds;
        return CelTimestamp.InRange(nanos) ? new CelTimestamp(nanos) : null;
    }

    public static string FormatTimestamp(CelTimestamp timestamp)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks((timestamp.Seconds * TimeSpan.TicksPerSecond) + (timestamp.Nanos / 100));
        return GoRfc3339.FormatNano(utc, timestamp.Nanos % 100);
    }

    /// <summary>Parses a Go duration string; null when malformed or out of range.</summary>
    public static Int128? ParseDuration(string text)
    {
        var nanos = GoDuration.Parse(text, out var error);
        return error is null ? nanos : null;
    }

    /// <summary>A duration as cel-go's <c>string(duration)</c> prints it: seconds with the fraction trimmed and
    /// an <c>s</c>.</summary>
    public static string FormatDuration(CelDuration duration)
    {
        var nanos = duration.Nanos;
        var builder = new StringBuilder();
        if (nanos < 0)
        {
            builder.Append('-');
            nanos = -nanos;
        }
        builder.Append((nanos / 1_000_000_000).ToString(CultureInfo.InvariantCulture));
        var fraction = (long)(nanos % 1_000_000_000);
        if (fraction != 0)
            builder.Append('.').Append(fraction.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        return builder.Append('s').ToString();
    }
}
