using System.Globalization;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>Timestamp getters (in UTC or a time zone: an IANA name or a fixed <c>±HH:MM</c> offset) and duration
/// getters (whole hours, minutes and seconds of the duration; milliseconds within the second).</summary>
internal static class TimeFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        Getter(registry, "getFullYear", t => t.Year, null);
        Getter(registry, "getMonth", t => t.Month - 1, null);
        Getter(registry, "getDate", t => t.Day, null);
        Getter(registry, "getDayOfMonth", t => t.Day - 1, null);
        Getter(registry, "getDayOfYear", t => t.DayOfYear - 1, null);
        Getter(registry, "getDayOfWeek", t => (int)t.DayOfWeek, null);
        Getter(registry, "getHours", t => t.Hour, 3_600_000_000_000);
        Getter(registry, "getMinutes", t => t.Minute, 60_000_000_000);
        Getter(registry, "getSeconds", t => t.Second, 1_000_000_000);
        Getter(registry, "getMilliseconds", t => t.Millisecond, 1_000_000);
    }

    private static void Getter(FunctionRegistry registry, string name, Func<DateTime, int> part, long? durationUnit)
    {
        registry.Member(name, (_, args) =>
        {
            switch (args)
            {
                case [CelDuration d] when durationUnit is { } unit:
                    // whole hours, minutes, seconds of the duration; milliseconds is the part below one second
                    return unit == 1_000_000 ? (long)(d.Nanos / unit % 1000) : (long)(d.Nanos / unit);
                case [CelTimestamp t]:
                    return (long)part(InZone(t, 0));
                case [CelTimestamp t, string zone]:
                    return Offset(zone, t) is { } offset ? (long)part(InZone(t, offset)) : CelError.Invalid($"unknown time zone: {zone}");
                default:
                    return CelError.NoOverload(name);
            }
        });
    }

    private static DateTime InZone(CelTimestamp t, long offsetSeconds) =>
        DateTime.UnixEpoch.AddSeconds(t.Seconds + offsetSeconds).AddTicks(t.Nanos / 100);

    /// <summary>The zone's UTC offset in seconds at the instant, or null for an unknown zone.</summary>
    private static long? Offset(string zone, CelTimestamp t)
    {
        if (zone.Length > 0 && zone[0] is '+' or '-' || (zone.Length == 5 && zone[2] == ':'))
        {
            var sign = zone[0] == '-' ? -1 : 1;
            var body = zone[0] is '+' or '-' ? zone[1..] : zone;
            var parts = body.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
                return sign * ((h * 3600L) + (m * 60L));
            return null;
        }
        try
        {
            var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return (long)info.GetUtcOffset(t.ToDateTime()).TotalSeconds;
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
