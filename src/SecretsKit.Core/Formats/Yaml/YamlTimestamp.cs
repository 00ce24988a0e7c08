using System.Globalization;
using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// yaml.v3's unquoted timestamp recognition (<c>parseTimestamp</c>: Go <c>time.Parse</c> with the layouts
/// <c>2006-1-2T15:4:5.999999999Z07:00</c>, the same with a lower-case <c>t</c>, <c>2006-1-2 15:4:5.999999999</c>
/// and <c>2006-1-2</c>) and Go's RFC 3339 "nano" output format.
/// </summary>
internal static class YamlTimestamp
{
    /// <summary>Parses <paramref name="s"/> as yaml.v3 would; false when it is not a timestamp.</summary>
    public static bool TryParse(string s, out TimeValue value)
    {
        value = null!;
        var pos = 0;
        if (!TryParseDate(s, ref pos, out var year, out var month, out var day)) return false;
        if (pos == s.Length)
        {
            value = new TimeValue(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero));
            return true;
        }

        var sep = s[pos];
        if (sep is not ('T' or 't' or ' ')) return false;
        pos++;
        if (!TryParseClock(s, ref pos, out var hour, out var minute, out var second)) return false;
        var nanos = ParseFraction(s, ref pos);
        if (!TryParseZone(s, ref pos, sep, out var offset)) return false;

        var dto = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(nanos / 100);
        value = new TimeValue(dto, (int)(nanos % 100));
        return true;
    }

    /// <summary><c>YYYY-M-D</c> (four-digit year, one- or two-digit month and day), a real calendar date.</summary>
    private static bool TryParseDate(string s, ref int pos, out int year, out int month, out int day)
    {
        year = month = day = 0;
        // Quick check: exactly four digits then '-'.
        var i = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9') i++;
        if (i != 4 || i == s.Length || s[i] != '-') return false;

        year = int.Parse(s.AsSpan(0, 4), CultureInfo.InvariantCulture);
        pos = 5;
        if (!TryNum(s, ref pos, out month) || month is < 1 or > 12) return false;
        if (!Expect(s, ref pos, '-')) return false;
        if (!TryNum(s, ref pos, out day)) return false;
        return year >= 1 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary><c>H:M:S</c> with the hour up to 23 and minute and second up to 59.</summary>
    private static bool TryParseClock(string s, ref int pos, out int hour, out int minute, out int second)
    {
        minute = second = 0;
        if (!TryNum(s, ref pos, out hour) || hour > 23) return false;
        if (!Expect(s, ref pos, ':')) return false;
        if (!TryNum(s, ref pos, out minute) || minute > 59) return false;
        if (!Expect(s, ref pos, ':')) return false;
        return TryNum(s, ref pos, out second) && second <= 59;
    }

    /// <summary>A fraction (<c>.</c> or <c>,</c> then digits) as nanoseconds, digits past the ninth dropped; 0 when there is none.</summary>
    private static long ParseFraction(string s, ref int pos)
    {
        if (pos + 1 >= s.Length || s[pos] is not ('.' or ',') || s[pos + 1] is not (>= '0' and <= '9')) return 0;
        pos++;
        var start = pos;
        while (pos < s.Length && s[pos] is >= '0' and <= '9') pos++;
        var frac = s[start..pos];
        if (frac.Length > 9) frac = frac[..9];
        return long.Parse(frac.PadRight(9, '0'), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The zone: none after a space separator; otherwise <c>Z</c> or <c>±hh:mm</c> (within ±14 h). Nothing may follow.
    /// </summary>
    private static bool TryParseZone(string s, ref int pos, char sep, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (sep == ' ') return pos == s.Length;
        if (pos < s.Length && s[pos] == 'Z')
        {
            pos++;
        }
        else
        {
            if (s.Length - pos < 6 || s[pos] is not ('+' or '-') || s[pos + 3] != ':') return false;
            if (!TwoDigits(s, pos + 1, out var oh) || !TwoDigits(s, pos + 4, out var om)) return false;
            if (oh > 24 || om > 60) return false;
            offset = new TimeSpan(oh, om, 0);
            if (s[pos] == '-') offset = -offset;
            pos += 6;
        }
        return pos == s.Length && offset <= TimeSpan.FromHours(14) && offset >= TimeSpan.FromHours(-14);
    }

    /// <summary>Go <c>time.Format(time.RFC3339Nano)</c>: trailing fraction zeros trimmed, <c>Z</c> for a zero offset.</summary>
    public static string FormatRfc3339Nano(TimeValue value)
    {
        var t = value.Value;
        var sb = new StringBuilder(35);
        sb.Append(t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var nanos = (t.Ticks % TimeSpan.TicksPerSecond) * 100 + value.Nanoseconds;
        if (nanos != 0)
        {
            sb.Append('.').Append(nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
        var off = t.Offset;
        if (off == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            sb.Append(off < TimeSpan.Zero ? '-' : '+');
            var abs = off.Duration();
            sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
              .Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    // Go getnum(value, fixed=false): one or two digits.
    private static bool TryNum(string s, ref int pos, out int n)
    {
        n = 0;
        if (pos >= s.Length || s[pos] is < '0' or > '9') return false;
        n = s[pos] - '0';
        pos++;
        if (pos < s.Length && s[pos] is >= '0' and <= '9')
        {
            n = n * 10 + (s[pos] - '0');
            pos++;
        }
        return true;
    }

    private static bool TwoDigits(string s, int pos, out int n)
    {
        n = 0;
        if (s[pos] is < '0' or > '9' || s[pos + 1] is < '0' or > '9') return false;
        n = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
        return true;
    }

    private static bool Expect(string s, ref int pos, char c)
    {
        if (pos >= s.Length || s[pos] != c) return false;
        pos++;
        return true;
    }
}
