using System.Globalization;
using SecretsKit.Agent.Model;
using SecretsKit.Go.Time;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// A cron schedule read as ESO's sync windows read theirs (robfig/cron v3 with minute, hour, day of month, month, day of
/// week and descriptors): five fields of <c>*</c>, <c>?</c>, <c>a</c>, <c>a-b</c>, <c>/step</c> and lists, month and
/// weekday names, <c>@yearly</c>…<c>@hourly</c> and <c>@every &lt;duration&gt;</c>; evaluated in UTC.
/// </summary>
internal sealed class CronSchedule
{
    private const ulong StarBit = 1UL << 63;
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly ulong _minute, _hour, _dom, _month, _dow;
    private readonly TimeSpan? _every;

    private CronSchedule(ulong minute, ulong hour, ulong dom, ulong month, ulong dow, TimeSpan? every = null)
    {
        (_minute, _hour, _dom, _month, _dow, _every) = (minute, hour, dom, month, dow, every);
    }

    /// <summary>Parses <paramref name="spec"/>; null when robfig's parser would refuse it (ESO then ignores that window).</summary>
    public static CronSchedule? TryParse(string spec)
    {
        spec = spec.Trim();
        if (spec.StartsWith('@')) return Descriptor(spec);
        var fields = spec.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) return null;
        var minute = Field(fields[0], 0, 59, null);
        var hour = Field(fields[1], 0, 23, null);
        var dom = Field(fields[2], 1, 31, null);
        var month = Field(fields[3], 1, 12, MonthNames);
        var dow = Field(fields[4], 0, 6, DayNames);
        return minute is null || hour is null || dom is null || month is null || dow is null
            ? null : new CronSchedule(minute.Value, hour.Value, dom.Value, month.Value, dow.Value);
    }

    private static CronSchedule? Descriptor(string spec)
    {
        ulong All(int min, int max) => Bits(min, max, 1) | StarBit;
        switch (spec)
        {
            case "@yearly" or "@annually": return new(1, 1, 1UL << 1, 1UL << 1, All(0, 6));
            case "@monthly": return new(1, 1, 1UL << 1, All(1, 12), All(0, 6));
            case "@weekly": return new(1, 1, All(1, 31), All(1, 12), 1);
            case "@daily" or "@midnight": return new(1, 1, All(1, 31), All(1, 12), All(0, 6));
            case "@hourly": return new(1, All(0, 23), All(1, 31), All(1, 12), All(0, 6));
        }
        const string every = "@every ";
        if (!spec.StartsWith(every, StringComparison.Ordinal) || !GoDuration.TryParse(spec[every.Length..], out var delay)) return null;
        delay = delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Floor(delay.TotalSeconds));
        return new CronSchedule(0, 0, 0, 0, 0, delay);
    }

    private static ulong? Field(string field, int min, int max, string[]? names)
    {
        ulong bits = 0;
        foreach (var expr in field.Split(','))
        {
            if (Range(expr, min, max, names) is not { } range) return null;
            bits |= range;
        }
        return bits;
    }

    private static ulong? Range(string expr, int min, int max, string[]? names)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        int start, end, step = 1;
        ulong extra = 0;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end, extra) = (min, max, StarBit);
        }
        else
        {
            if (Number(lowAndHigh[0], names, min) is not { } low) return null;
            start = end = low;
            if (lowAndHigh.Length == 2)
            {
                if (Number(lowAndHigh[1], names, min) is not { } high) return null;
                end = high;
            }
            else if (lowAndHigh.Length > 2) return null;
        }
        if (rangeAndStep.Length == 2)
        {
            if (!int.TryParse(rangeAndStep[1], NumberStyles.None, CultureInfo.InvariantCulture, out step)) return null;
            if (lowAndHigh.Length == 1) end = max;
            if (step > 1) extra = 0;
        }
        else if (rangeAndStep.Length > 2) return null;
        if (start < min || end > max || start > end || step == 0) return null;
        return Bits(start, end, step) | extra;
    }

    private static int? Number(string text, string[]? names, int min)
    {
        if (names is not null && Array.IndexOf(names, text.ToLowerInvariant()) is var i and >= 0) return i + min;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static ulong Bits(int start, int end, int step)
    {
        ulong bits = 0;
        for (var i = start; i <= end; i += step) bits |= 1UL << i;
        return bits;
    }

    /// <summary>The first firing strictly after <paramref name="t"/> (whole seconds), or null when none comes within five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset t)
    {
        var at = t.UtcDateTime;
        if (_every is { } delay) return new DateTimeOffset(at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)) + delay, TimeSpan.Zero);
        at = at.AddTicks(TimeSpan.TicksPerSecond - at.Ticks % TimeSpan.TicksPerSecond);
        var added = false;
        var yearLimit = at.Year + 5;
        while (true)
        {
            if (at.Year > yearLimit) return null;
            var wrapped = false;
            while ((1UL << at.Month & _month) == 0)
            {
                if (!added) (added, at) = (true, new DateTime(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Utc));
                at = at.AddMonths(1);
                if (at.Month == 1) { wrapped = true; break; }
            }
            if (wrapped) continue;
            while (!DayMatches(at))
            {
                if (!added) (added, at) = (true, at.Date);
                at = at.AddDays(1);
                if (at.Day == 1) { wrapped = true; break; }
            }
            if (wrapped) continue;
            while ((1UL << at.Hour & _hour) == 0)
            {
                if (!added) (added, at) = (true, new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc));
                at = at.AddHours(1);
                if (at.Hour == 0) { wrapped = true; break; }
            }
            if (wrapped) continue;
            while ((1UL << at.Minute & _minute) == 0)
            {
                if (!added) (added, at) = (true, new DateTime(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, DateTimeKind.Utc));
                at = at.AddMinutes(1);
                if (at.Minute == 0) { wrapped = true; break; }
            }
            if (wrapped) continue;
            while (at.Second != 0)
            {
                if (!added) (added, at) = (true, at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)));
                at = at.AddSeconds(1);
                if (at.Second == 0) { wrapped = true; break; }
            }
            if (wrapped) continue;
            return new DateTimeOffset(at, TimeSpan.Zero);
        }
    }

    private bool DayMatches(DateTime t)
    {
        var domMatch = (1UL << t.Day & _dom) != 0;
        var dowMatch = (1UL << (int)t.DayOfWeek & _dow) != 0;
        return (_dom & StarBit) != 0 || (_dow & StarBit) != 0 ? domMatch && dowMatch : domMatch || dowMatch;
    }
}
