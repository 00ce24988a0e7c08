using SecretsKit.Go;
using SecretsKit.Go.Time;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's date functions. A date argument is a <c>time.Time</c> or Unix seconds as an <c>int</c>/<c>int64</c>; anything else
/// (a float64 from JSON, a string) is sprig's fallback, the current time. Zones are IANA names; an unknown one is UTC.
/// </summary>
internal static class DateFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t, TimeProvider clock)
    {
        t["now"] = c => GoTimeValue.Now(clock);
        t["date"] = c => InZone(c.Exactly(2).String(0), c[1], "Local", clock);
        t["dateInZone"] = t["date_in_zone"] = c => InZone(c.Exactly(3).String(0), c[1], c.String(2), clock);
        t["htmlDate"] = c => InZone("2006-01-02", c.Exactly(1)[0], "Local", clock);
        t["htmlDateInZone"] = c => InZone("2006-01-02", c.Exactly(2)[0], c.String(1), clock);
        t["dateModify"] = t["date_modify"] = c =>
        {
            var date = Time(c.Exactly(2), 1);
            var d = GoDuration.Parse(c.String(0), out var error);
            return error is null ? date.AddNanos(d) : date;
        };
        t["mustDateModify"] = t["must_date_modify"] = c =>
        {
            var date = Time(c.Exactly(2), 1);
            var d = GoDuration.Parse(c.String(0), out var error);
            return error is null ? date.AddNanos(d) : throw new TemplateFunctionException(error);
        };
        t["ago"] = c => GoDuration.Format(RoundSecond(Since(At(c.Exactly(1)[0], clock), clock)));
        t["duration"] = c => GoDuration.Format(unchecked(Seconds(c.Exactly(1)[0]) * GoDuration.Second));
        t["durationRound"] = c => DurationRound(c.Exactly(1)[0], clock);
        t["toDate"] = c =>
        {
            try
            {
                return GoTimeFormat.Parse(c.Exactly(2).String(0), c.String(1), GoZone.Local);
            }
            catch (GoException)
            {
                return GoTimeValue.Zero;
            }
        };
        t["mustToDate"] = c => GoTimeFormat.Parse(c.Exactly(2).String(0), c.String(1), GoZone.Local);
        t["unixEpoch"] = c => Time(c.Exactly(1), 0).Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static GoTimeValue Time(TemplateCall c, int i) => c[i] as GoTimeValue ?? throw c.WrongType(i, "time.Time");

    private static GoTimeValue At(object? date, TimeProvider clock) => date switch
    {
        GoTimeValue t => t,
        GoInt64 g => new GoTimeValue(g.Value, 0, GoZone.Local),
        long l => new GoTimeValue(l, 0, GoZone.Local),
        _ => GoTimeValue.Now(clock),
    };

    private static string InZone(string layout, object? date, string zone, TimeProvider clock) =>
        GoTimeFormat.Format(At(date, clock).In(GoZone.Load(zone) ?? GoZone.Utc), layout);

    private static long Since(GoTimeValue t, TimeProvider clock)
    {
        var now = GoTimeValue.Now(clock);
        var ns = ((decimal)now.Seconds - t.Seconds) * GoDuration.Second + now.Nanos - t.Nanos;
        return ns > long.MaxValue ? long.MaxValue : ns < long.MinValue ? long.MinValue : (long)ns;
    }

    /// <summary>Go's <c>Duration.Round(time.Second)</c>: halves away from zero.</summary>
    private static long RoundSecond(long d)
    {
        var r = d % GoDuration.Second;
        if (d < 0)
        {
            r = -r;
            if (r + r < GoDuration.Second) return d + r;
            var d1 = d - GoDuration.Second + r;
            return d1 < d ? d1 : long.MinValue;
        }
        if (r + r < GoDuration.Second) return d - r;
        var d2 = d + GoDuration.Second - r;
        return d2 > d ? d2 : long.MaxValue;
    }

    /// <summary>sprig's <c>duration</c> argument: an int64 or a numeric string (a Go int is not one of them: 0).</summary>
    private static long Seconds(object? v) => v switch
    {
        GoInt64 g => g.Value,
        string s => s.Length > 0 && (s[0] is '+' or '-' ? s[1..] : s) is { Length: > 0 } digits && digits.All(char.IsAsciiDigit) && long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0,
        _ => 0,
    };

    private static string DurationRound(object? v, TimeProvider clock)
    {
        long d = v switch
        {
            string s => GoDuration.Parse(s, out var error) is var x && error is null ? x : 0,
            GoInt64 g => g.Value,
            GoTimeValue t => Since(t, clock),
            _ => 0,
        };
        var u = d < 0 ? (ulong)(-(d + 1)) + 1 : (ulong)d;
        const ulong second = GoDuration.Second, minute = 60 * second, hour = 60 * minute, day = 24 * hour, month = 30 * day, year = 365 * day;
        return u switch
        {
            > year => (u / year) + "y",
            > month => (u / month) + "mo",
            > day => (u / day) + "d",
            > hour => (u / hour) + "h",
            > minute => (u / minute) + "m",
            > second => (u / second) + "s",
            _ => "0s",
        };
    }
}
