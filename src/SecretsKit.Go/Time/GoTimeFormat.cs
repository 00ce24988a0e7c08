using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Time;

/// <summary>Go's <c>time.Format</c> and <c>time.ParseInLocation</c> with reference-time layouts (<c>2006-01-02 15:04:05 MST</c>).</summary>
public static class GoTimeFormat
{
    internal enum Std
    {
        None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay, ZeroYearDay,
        Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, Pm, TZ,
        Iso8601, Iso8601Seconds, Iso8601Short, Iso8601Colon, Iso8601ColonSeconds, Num, NumSeconds, NumShort, NumColon, NumColonSeconds,
        Frac0, Frac9,
    }

    public static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    public static readonly string[] Days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    private static readonly (string Text, Std Std)[] Zones =
    [
        ("Z070000", Std.Iso8601Seconds), ("Z07:00:00", Std.Iso8601ColonSeconds), ("Z0700", Std.Iso8601), ("Z07:00", Std.Iso8601Colon), ("Z07", Std.Iso8601Short),
        ("-070000", Std.NumSeconds), ("-07:00:00", Std.NumColonSeconds), ("-0700", Std.Num), ("-07:00", Std.NumColon), ("-07", Std.NumShort),
    ];

    /// <summary>Go's <c>nextStdChunk</c>: the literal text before the next element, the element (with its fraction digits and separator), the rest.</summary>
    internal static (string Prefix, Std Std, int Digits, char Sep, string Suffix) Next(string l)
    {
        for (var i = 0; i < l.Length; i++)
        {
            string At(int n) => i + n <= l.Length ? l.Substring(i, n) : "";
            bool LowerAfter(int n) => i + n < l.Length && l[i + n] is >= 'a' and <= 'z';
            (string, Std, int, char, string) R(Std s, int n) => (l[..i], s, 0, '.', l[(i + n)..]);
            switch (l[i])
            {
                case 'J' when At(3) == "Jan":
                    if (At(7) == "January") return R(Std.LongMonth, 7);
                    if (!LowerAfter(3)) return R(Std.Month, 3);
                    break;
                case 'M' when At(3) is "Mon" or "MST":
                    if (At(6) == "Monday") return R(Std.LongWeekDay, 6);
                    if (At(3) == "Mon" && !LowerAfter(3)) return R(Std.WeekDay, 3);
                    if (At(3) == "MST") return R(Std.TZ, 3);
                    break;
                case '0':
                    if (i + 1 < l.Length && l[i + 1] is >= '1' and <= '6') return R(new[] { Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year }[l[i + 1] - '1'], 2);
                    if (At(3) == "002") return R(Std.ZeroYearDay, 3);
                    break;
                case '1':
                    return At(2) == "15" ? R(Std.Hour, 2) : R(Std.NumMonth, 1);
                case '2':
                    return At(4) == "2006" ? R(Std.LongYear, 4) : R(Std.Day, 1);
                case '_':
                    if (At(2) == "_2")
                    {
                        if (At(5) == "_2006") return (l[..(i + 1)], Std.LongYear, 0, '.', l[(i + 5)..]);
                        return R(Std.UnderDay, 2);
                    }
                    if (At(3) == "__2") return R(Std.UnderYearDay, 3);
                    break;
                case '3': return R(Std.Hour12, 1);
                case '4': return R(Std.Minute, 1);
                case '5': return R(Std.Second, 1);
                case 'P' when At(2) == "PM": return R(Std.PM, 2);
                case 'p' when At(2) == "pm": return R(Std.Pm, 2);
                case '-' or 'Z':
                    foreach (var (text, std) in Zones)
                    {
                        if (At(text.Length) == text) return R(std, text.Length);
                    }
                    break;
                case '.' or ',' when i + 1 < l.Length && l[i + 1] is '0' or '9':
                    var ch = l[i + 1];
                    var j = i + 1;
                    while (j < l.Length && l[j] == ch) j++;
                    if (j < l.Length && char.IsAsciiDigit(l[j])) break;
                    return (l[..i], ch == '0' ? Std.Frac0 : Std.Frac9, j - (i + 1), l[i], l[j..]);
            }
        }
        return (l, Std.None, 0, '.', "");
    }

    public static string Format(GoTimeValue t, string layout)
    {
        var (local, offset, abbr) = t.Civil();
        var sb = new StringBuilder();
        while (layout.Length > 0)
        {
            var (prefix, std, digits, sep, suffix) = Next(layout);
            sb.Append(prefix);
            if (std == Std.None) break;
            layout = suffix;
            var hour12 = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
            switch (std)
            {
                case Std.Year: sb.Append((Math.Abs(local.Year) % 100).ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.LongYear: sb.Append(local.Year < 0 ? "-" : "").Append(Math.Abs(local.Year).ToString("0000", CultureInfo.InvariantCulture)); break;
                case Std.Month: sb.Append(Months[local.Month - 1][..3]); break;
                case Std.LongMonth: sb.Append(Months[local.Month - 1]); break;
                case Std.NumMonth: sb.Append(local.Month); break;
                case Std.ZeroMonth: sb.Append(local.Month.ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.WeekDay: sb.Append(Days[local.Weekday][..3]); break;
                case Std.LongWeekDay: sb.Append(Days[local.Weekday]); break;
                case Std.Day: sb.Append(local.Day); break;
                case Std.UnderDay: sb.Append(local.Day < 10 ? " " : "").Append(local.Day); break;
                case Std.ZeroDay: sb.Append(local.Day.ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.UnderYearDay: sb.Append(local.YearDay.ToString(CultureInfo.InvariantCulture).PadLeft(3)); break;
                case Std.ZeroYearDay: sb.Append(local.YearDay.ToString("000", CultureInfo.InvariantCulture)); break;
                case Std.Hour: sb.Append(local.Hour.ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.Hour12: sb.Append(hour12); break;
                case Std.ZeroHour12: sb.Append(hour12.ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.Minute: sb.Append(local.Minute); break;
                case Std.ZeroMinute: sb.Append(local.Minute.ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.Second: sb.Append(local.Second); break;
                case Std.ZeroSecond: sb.Append(local.Second.ToString("00", CultureInfo.InvariantCulture)); break;
                case Std.PM: sb.Append(local.Hour >= 12 ? "PM" : "AM"); break;
                case Std.Pm: sb.Append(local.Hour >= 12 ? "pm" : "am"); break;
                case Std.TZ:
                    sb.Append(abbr.Length > 0 ? abbr : Offset(offset, Std.Num));
                    break;
                case Std.Frac0 or Std.Frac9:
                    var nanos = t.Nanos.ToString("000000000", CultureInfo.InvariantCulture)[..digits];
                    if (std == Std.Frac9) nanos = nanos.TrimEnd('0');
                    if (nanos.Length > 0) sb.Append(sep).Append(nanos);
                    break;
                default:
                    sb.Append(Offset(offset, std));
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Offset(int offset, Std std)
    {
        var iso = std is Std.Iso8601 or Std.Iso8601Colon or Std.Iso8601Seconds or Std.Iso8601Short or Std.Iso8601ColonSeconds;
        if (offset == 0 && iso) return "Z";
        var abs = Math.Abs(offset);
        var zone = abs / 60;
        var sb = new StringBuilder(offset < 0 ? "-" : "+");
        sb.Append((zone / 60).ToString("00", CultureInfo.InvariantCulture));
        var colon = std is Std.Iso8601Colon or Std.NumColon or Std.Iso8601ColonSeconds or Std.NumColonSeconds;
        if (colon) sb.Append(':');
        if (std is not (Std.NumShort or Std.Iso8601Short)) sb.Append((zone % 60).ToString("00", CultureInfo.InvariantCulture));
        if (std is Std.Iso8601Seconds or Std.NumSeconds or Std.NumColonSeconds or Std.Iso8601ColonSeconds)
        {
            if (colon) sb.Append(':');
            sb.Append((abs % 60).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>time.ParseInLocation(layout, value, loc)</c>; fails with Go's <c>parsing time …</c> text.</summary>
    public static GoTimeValue Parse(string layout, string value, GoZone zone) => GoTimeParser.Parse(layout, value, zone);
}
