
using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Time;

/// <summary>
/// Go <c>time.Time.Format</c> for the RFC 3339 layouts (<c>Z</c> for a zero offset), and the parse behind
/// <c>time.Time.UnmarshalText</c>. <see cref="FormatNano"/> is also <c>MarshalText</c> (sops' <c>type:time</c> values). A
/// time is a <see cref="DateTimeOffset"/> plus the nanoseconds below its 100 ns tick.
/// </summary>
public static class GoRfc3339
{
    /// <summary><c>time.RFC3339</c>: seconds precision.</summary>
    public static string Format(DateTimeOffset value, int nanoseconds) => Format(value, nanoseconds, nano: false);

    /// <summary><c>time.RFC3339Nano</c>: up to 9 fractional digits, trailing zeros removed.</summary>
    public static string FormatNano(DateTimeOffset value, int nanoseconds) => Format(value, nanoseconds, nano: true);

    private static string Format(DateTimeOffset v, int nanoseconds, bool nano)
    {
        var sb = new StringBuilder(35);
        sb.Append(v.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (nano)
        {
            var nanos = v.Ticks % TimeSpan.TicksPerSecond * 100 + nanoseconds;
            if (nanos != 0)
            {
                sb.Append('.');
                sb.Append(nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
            }
        }
        var offset = v.Offset;
        if (offset == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            sb.Append(offset < TimeSpan.Zero ? '-' : '+');
            var abs = offset.Duration();
            sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':');
            sb.Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)</c>; digits past the ninth of the fraction are ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out DateTimeOffset value, out int nanoseconds)
    {
        value = default;
        nanoseconds = 0;
        if (!TryRead(s, out var t)) return false;
        try
        {
            value = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.FromMinutes(t.OffsetMinutes)).AddTicks(t.Nanos / 100);
            nanoseconds = (int)(t.Nanos % 100);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // invalid calendar date or an offset .NET cannot represent (beyond ±14h)
        }
    }

    /// <summary>
    /// <c>time.Parse(time.RFC3339, s)</c> as Unix seconds and nanoseconds (what cel-go's <c>timestamp(string)</c> reads): the
    /// same text as <see cref="TryParse"/>, with any offset Go accepts (up to ±23:59) and the years 0000–9999, which
    /// <see cref="DateTimeOffset"/> cannot all hold.
    /// </summary>
    public static bool TryParseUnix(ReadOnlySpan<char> s, out long seconds, out int nanoseconds)
    {
        seconds = 0;
        nanoseconds = 0;
        if (!TryRead(s, out var t) || t.Month is < 1 or > 12 || t.Day < 1 || t.Day > GoCivil.DaysIn(t.Month, t.Year)
            || t.Hour > 23 || t.Minute > 59 || t.Second > 59)
        {
            return false;
        }
        seconds = new GoCivil(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second).ToSeconds() - (t.OffsetMinutes * 60L);
        nanoseconds = (int)t.Nanos;
        return true;
    }

    private readonly record struct Fields(int Year, int Month, int Day, int Hour, int Minute, int Second, long Nanos, int OffsetMinutes);

    /// <summary>The fields of the text, unchecked beyond their digits and the offset's range.</summary>
    private static bool TryRead(ReadOnlySpan<char> s, out Fields fields)
    {
        fields = default;
        if (s.Length < 20) return false;
        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-' ||
            !Digits(s, 8, 2, out var day) || s[10] != 'T' || !Digits(s, 11, 2, out var hour) || s[13] != ':' ||
            !Digits(s, 14, 2, out var minute) || s[16] != ':' || !Digits(s, 17, 2, out var second))
        {
            return false;
        }
        var pos = 19;
        long nanos = 0;
        if (s[pos] is '.' or ',')
        {
            pos++;
            var start = pos;
            var scale = 100_000_000L;
            while (pos < s.Length && s[pos] is >= '0' and <= '9')
            {
                nanos += (s[pos] - '0') * scale;
                scale /= 10;
                pos++;
            }
            if (pos == start) return false;
        }
        if (pos >= s.Length) return false;
        int offset;
        if (s[pos] == 'Z' && pos == s.Length - 1)
        {
            offset = 0;
        }
        else if (s[pos] is '+' or '-' && s.Length - pos == 6 && s[pos + 3] == ':' &&
                 Digits(s, pos + 1, 2, out var oh) && Digits(s, pos + 4, 2, out var om) && oh <= 23 && om <= 59)
        {
            offset = s[pos] == '-' ? -((oh * 60) + om) : (oh * 60) + om;
        }
        else
        {
            return false;
        }
        fields = new Fields(year, month, day, hour, minute, second, nanos, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (s[i] is < '0' or > '9') return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
