using SecretsKit.Go.Strconv;
using static SecretsKit.Go.Time.GoTimeFormat;

namespace SecretsKit.Go.Time;

/// <summary>Go's <c>time.ParseInLocation</c>: reads each layout element in turn (<c>GoTimeParser.Elements.cs</c>), then checks
/// the date and settles the zone as Go's <c>parse</c> does after its loop; errors carry Go's text.</summary>
public static partial class GoTimeParser
{
    private sealed class Bad : Exception;

    public static GoTimeValue Parse(string layout, string value, GoZone local)
    {
        var f = new GoTimeFields();
        var (restLayout, rest) = (layout, value);
        while (true)
        {
            var (prefix, std, digits, _, suffix) = Next(restLayout);
            var stdstr = restLayout[prefix.Length..(restLayout.Length - suffix.Length)];
            if (!Skip(ref rest, prefix)) throw new GoException(CannotParse(layout, value, rest, prefix));
            if (std == Std.None)
            {
                if (rest.Length != 0) throw new GoException(Failed(value, ": extra text: " + Q(rest)));
                break;
            }
            restLayout = suffix;
            try
            {
                if (!ReadDate(std, ref rest, f) && !ReadClock(std, suffix, ref rest, f) && !ReadFraction(std, digits, ref rest, f))
                {
                    ReadZone(std, ref rest, f);
                }
            }
            catch (Bad)
            {
                throw new GoException(CannotParse(layout, value, rest, stdstr));
            }
            if (f.Range.Length > 0) throw new GoException(Failed(value, ": " + f.Range + " out of range"));
        }
        SettleDate(f, value);
        return Locate(f, local);
    }

    private static string CannotParse(string layout, string value, string valueElem, string layoutElem) =>
        $"parsing time {Q(value)} as {Q(layout)}: cannot parse {Q(valueElem)} as {Q(layoutElem)}";

    private static string Failed(string value, string message) => $"parsing time {Q(value)}{message}";

    /// <summary>After the loop: the 12-hour clock, the day of the year against month and day, the defaults and the day's range.</summary>
    private static void SettleDate(GoTimeFields f, string value)
    {
        if (f.Pm && f.Hour < 12) f.Hour += 12;
        else if (f.Am && f.Hour == 12) f.Hour = 0;
        if (f.YearDay >= 0)
        {
            var leap = GoCivil.IsLeap(f.Year);
            if (f.YearDay < 1 || f.YearDay > (leap ? 366 : 365)) throw new GoException(Failed(value, ": day-of-year out of range"));
            var m = 1;
            var d = f.YearDay;
            while (d > GoCivil.DaysIn(m, f.Year)) d -= GoCivil.DaysIn(m++, f.Year);
            if (f.Month >= 0 && f.Month != m) throw new GoException(Failed(value, ": day-of-year does not match month"));
            if (f.Day >= 0 && f.Day != d) throw new GoException(Failed(value, ": day-of-year does not match day"));
            (f.Month, f.Day) = (m, d);
        }
        if (f.Month < 0) f.Month = 1;
        if (f.Day < 0) f.Day = 1;
        if (f.Day < 1 || f.Day > GoCivil.DaysIn(f.Month, f.Year)) throw new GoException(Failed(value, ": day out of range"));
    }

    /// <summary>The instant and its zone: a UTC mark, a numeric offset (the local zone when it agrees), a zone abbreviation
    /// (the local zone when it has that name), or else a wall time in the local zone.</summary>
    private static GoTimeValue Locate(GoTimeFields f, GoZone local)
    {
        var wall = new GoCivil(f.Year, f.Month, f.Day, f.Hour, f.Minute, f.Second).ToSeconds();
        if (f.Zone is { } z) return new GoTimeValue(wall - z.At(wall).Offset, f.Nanosecond, z);
        if (f.ZoneOffset != -1)
        {
            var at = wall - f.ZoneOffset;
            var (offset, name) = local.At(at);
            if (offset == f.ZoneOffset && (f.ZoneName.Length == 0 || name == f.ZoneName)) return new GoTimeValue(at, f.Nanosecond, local);
            return new GoTimeValue(at, f.Nanosecond, GoZone.Fixed(f.ZoneName, f.ZoneOffset));
        }
        if (f.ZoneName.Length > 0)
        {
            var (offset, name) = local.At(wall);
            if (name == f.ZoneName) return new GoTimeValue(wall - offset, f.Nanosecond, local);
            return new GoTimeValue(wall, f.Nanosecond, GoZone.Fixed(f.ZoneName, 0));
        }
        // a wall time in the location: find the offset in force at that local time
        var guess = wall - local.At(wall).Offset;
        return new GoTimeValue(wall - local.At(guess).Offset, f.Nanosecond, local);
    }

    private static string Q(string s) => GoQuote.Quote(s);

    /// <summary>Go's <c>skip</c>: the layout's literal text must match, a run of spaces matching one or more spaces.</summary>
    private static bool Skip(ref string value, string prefix)
    {
        while (prefix.Length > 0)
        {
            if (prefix[0] == ' ')
            {
                if (value.Length > 0 && value[0] != ' ') return false;
                prefix = prefix.TrimStart(' ');
                value = value.TrimStart(' ');
                continue;
            }
            if (value.Length == 0 || value[0] != prefix[0]) return false;
            prefix = prefix[1..];
            value = value[1..];
        }
        return true;
    }
}
