using System.Globalization;
using static SecretsKit.Go.Time.GoTimeFormat;

namespace SecretsKit.Go.Time;

/// <summary>The element readers of Go's <c>time.parse</c> loop, one per group of <c>std</c> chunks: each consumes its element
/// from the value into the fields, returns false for a chunk of another group, and throws <c>Bad</c> when the value does
/// not fit (the caller words Go's "cannot parse" error).</summary>
public static partial class GoTimeParser
{
    /// <summary>Year, month, weekday, day and day of the year.</summary>
    private static bool ReadDate(Std std, ref string value, GoTimeFields f)
    {
        switch (std)
        {
            case Std.Year:
                if (value.Length < 2 || !int.TryParse(value.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) throw new Bad();
                value = value[2..];
                f.Year = year + (year >= 69 ? 1900 : 2000);
                return true;
            case Std.LongYear:
                if (value.Length < 4 || !value[..4].All(char.IsAsciiDigit)) throw new Bad();
                f.Year = int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture);
                value = value[4..];
                return true;
            case Std.Month or Std.LongMonth:
                f.Month = Lookup(std == Std.Month ? Months.Select(m => m[..3]).ToArray() : Months, ref value) + 1;
                return true;
            case Std.NumMonth or Std.ZeroMonth:
                f.Month = Num(ref value, std == Std.ZeroMonth);
                if (f.Month is <= 0 or > 12) f.Range = "month";
                return true;
            case Std.WeekDay or Std.LongWeekDay:
                Lookup(std == Std.WeekDay ? Days.Select(d => d[..3]).ToArray() : Days, ref value);
                return true;
            case Std.Day or Std.UnderDay or Std.ZeroDay:
                if (std == Std.UnderDay && value.StartsWith(' ')) value = value[1..];
                f.Day = Num(ref value, std == Std.ZeroDay);
                return true;
            case Std.UnderYearDay or Std.ZeroYearDay:
                for (var k = 0; k < 2 && std == Std.UnderYearDay && value.StartsWith(' '); k++) value = value[1..];
                f.YearDay = Num3(ref value, std == Std.ZeroYearDay);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Hour, minute, second (with a fraction the layout does not spell, as Go accepts it after seconds) and AM/PM.</summary>
    private static bool ReadClock(Std std, string layoutRest, ref string value, GoTimeFields f)
    {
        switch (std)
        {
            case Std.Hour:
                f.Hour = Num(ref value, false);
                if (f.Hour is < 0 or >= 24) f.Range = "hour";
                return true;
            case Std.Hour12 or Std.ZeroHour12:
                f.Hour = Num(ref value, std == Std.ZeroHour12);
                if (f.Hour is < 0 or > 12) f.Range = "hour";
                return true;
            case Std.Minute or Std.ZeroMinute:
                f.Minute = Num(ref value, std == Std.ZeroMinute);
                if (f.Minute is < 0 or >= 60) f.Range = "minute";
                return true;
            case Std.Second or Std.ZeroSecond:
                f.Second = Num(ref value, std == Std.ZeroSecond);
                if (f.Second is < 0 or >= 60)
                {
                    f.Range = "second";
                    return true;
                }
                if (value.Length >= 2 && value[0] is '.' or ',' && char.IsAsciiDigit(value[1]) && Next(layoutRest).Std is not (Std.Frac0 or Std.Frac9))
                {
                    var n = 2;
                    while (n < value.Length && char.IsAsciiDigit(value[n])) n++;
                    f.Nanosecond = Nanos(value[..n], f);
                    value = value[n..];
                }
                return true;
            case Std.PM or Std.Pm:
                if (value.Length < 2) throw new Bad();
                var p = value[..2];
                value = value[2..];
                if (p == (std == Std.PM ? "PM" : "pm")) f.Pm = true;
                else if (p == (std == Std.PM ? "AM" : "am")) f.Am = true;
                else throw new Bad();
                return true;
            default:
                return false;
        }
    }

    /// <summary>A fraction the layout spells: <c>.000</c> (exactly that many digits) or <c>.999</c> (optional, up to nine).</summary>
    private static bool ReadFraction(Std std, int digits, ref string value, GoTimeFields f)
    {
        switch (std)
        {
            case Std.Frac0:
                if (value.Length < 1 + digits) throw new Bad();
                f.Nanosecond = Nanos(value[..(1 + digits)], f);
                value = value[(1 + digits)..];
                return true;
            case Std.Frac9:
                if (value.Length < 2 || value[0] is not ('.' or ',') || !char.IsAsciiDigit(value[1])) return true;
                var i = 0;
                while (i < 9 && i + 1 < value.Length && char.IsAsciiDigit(value[i + 1])) i++;
                f.Nanosecond = Nanos(value[..(1 + i)], f);
                value = value[(1 + i)..];
                return true;
            default:
                return false;
        }
    }

    /// <summary>A zone abbreviation (<c>MST</c>: three to five capitals, or UTC) or a numeric offset (<c>Z07:00</c> also takes Z).</summary>
    private static void ReadZone(Std std, ref string value, GoTimeFields f)
    {
        if (std == Std.TZ)
        {
            if (value.StartsWith("UTC", StringComparison.Ordinal))
            {
                f.Zone = GoZone.Utc;
                value = value[3..];
                return;
            }
            var len = 0;
            while (len < value.Length && len < 5 && char.IsAsciiLetterUpper(value[len])) len++;
            if (len < 3) throw new Bad();
            f.ZoneName = value[..len];
            value = value[len..];
            return;
        }
        if (std is Std.Iso8601 or Std.Iso8601Short or Std.Iso8601Colon && value.StartsWith('Z'))
        {
            value = value[1..];
            f.Zone = GoZone.Utc;
            return;
        }
        f.ZoneOffset = ZoneOffset(std, ref value);
    }

    private static int Lookup(string[] names, ref string value)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (value.Length >= names[i].Length && value[..names[i].Length].Equals(names[i], StringComparison.OrdinalIgnoreCase))
            {
                value = value[names[i].Length..];
                return i;
            }
        }
        throw new Bad();
    }

    private static int Num(ref string s, bool fixedWidth)
    {
        if (s.Length == 0 || !char.IsAsciiDigit(s[0])) throw new Bad();
        if (s.Length < 2 || !char.IsAsciiDigit(s[1]))
        {
            if (fixedWidth) throw new Bad();
            var one = s[0] - '0';
            s = s[1..];
            return one;
        }
        var two = ((s[0] - '0') * 10) + (s[1] - '0');
        s = s[2..];
        return two;
    }

    private static int Num3(ref string s, bool fixedWidth)
    {
        var n = 0;
        var i = 0;
        for (; i < 3 && i < s.Length && char.IsAsciiDigit(s[i]); i++) n = (n * 10) + (s[i] - '0');
        if (i == 0 || (fixedWidth && i != 3)) throw new Bad();
        s = s[i..];
        return n;
    }

    private static int Nanos(string v, GoTimeFields f)
    {
        if (v[0] is not ('.' or ',')) throw new Bad();
        var digits = v[1..];
        if (digits.Length > 10) digits = digits[..10];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ns)) throw new Bad();
        if (ns < 0) f.Range = "fractional second";
        for (var k = digits.Length; k < 9; k++) ns *= 10;
        for (var k = digits.Length; k > 9; k--) ns /= 10;
        return (int)ns;
    }

    private static int ZoneOffset(Std std, ref string value)
    {
        string sign, hh, mm = "00", ss = "00";
        int need;
        switch (std)
        {
            case Std.Iso8601Colon or Std.NumColon:
                need = 6;
                if (value.Length < need || value[3] != ':') throw new Bad();
                (sign, hh, mm) = (value[..1], value[1..3], value[4..6]);
                break;
            case Std.NumShort or Std.Iso8601Short:
                need = 3;
                if (value.Length < need) throw new Bad();
                (sign, hh) = (value[..1], value[1..3]);
                break;
            case Std.Iso8601ColonSeconds or Std.NumColonSeconds:
                need = 9;
                if (value.Length < need || value[3] != ':' || value[6] != ':') throw new Bad();
                (sign, hh, mm, ss) = (value[..1], value[1..3], value[4..6], value[7..9]);
                break;
            case Std.Iso8601Seconds or Std.NumSeconds:
                need = 7;
                if (value.Length < need) throw new Bad();
                (sign, hh, mm, ss) = (value[..1], value[1..3], value[3..5], value[5..7]);
                break;
            default:
                need = 5;
                if (value.Length < need) throw new Bad();
                (sign, hh, mm) = (value[..1], value[1..3], value[3..5]);
                break;
        }
        value = value[need..];
        if (!int.TryParse(hh, NumberStyles.None, CultureInfo.InvariantCulture, out var h) || !int.TryParse(mm, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(ss, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) throw new Bad();
        var offset = (((h * 60) + m) * 60) + s;
        return sign switch { "+" => offset, "-" => -offset, _ => throw new Bad() };
    }
}
