using System.Globalization;
using SecretsKit.Go.Strconv;
using static SecretsKit.Go.Time.GoTimeFormat;

namespace SecretsKit.Go.Time;

/// <summary>Go's <c>time.ParseInLocation</c>: reads each layout element in turn; errors carry Go's text.</summary>
public static class GoTimeParser
{
    private sealed class Bad : Exception;

    public static GoTimeValue Parse(string layout, string value, GoZone local)
    {
        var (alayout, avalue) = (layout, value);
        int year = 0, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0, zoneOffset = -1;
        bool am = false, pm = false;
        GoZone? z = null;
        var zoneName = "";
        string Err(string valueElem, string layoutElem, string message = "") => message.Length == 0
            ? $"parsing time {Q(avalue)} as {Q(alayout)}: cannot parse {Q(valueElem)} as {Q(layoutElem)}"
            : $"parsing time {Q(avalue)}{message}";
        while (true)
        {
            var (prefix, std, digits, _, suffix) = Next(layout);
            var stdstr = layout[prefix.Length..(layout.Length - suffix.Length)];
            if (!Skip(ref value, prefix)) throw new GoException(Err(value, prefix));
            if (std == Std.None)
            {
                if (value.Length != 0) throw new GoException(Err("", "", ": extra text: " + Q(value)));
                break;
            }
            layout = suffix;
            var range = "";
            try
            {
                switch (std)
                {
                    case Std.Year:
                        if (value.Length < 2 || !int.TryParse(value.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out year)) throw new Bad();
                        value = value[2..];
                        year += year >= 69 ? 1900 : 2000;
                        break;
                    case Std.LongYear:
                        if (value.Length < 4 || !value[..4].All(char.IsAsciiDigit)) throw new Bad();
                        year = int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture);
                        value = value[4..];
                        break;
                    case Std.Month or Std.LongMonth:
                        month = Lookup(std == Std.Month ? Months.Select(m => m[..3]).ToArray() : Months, ref value) + 1;
                        break;
                    case Std.NumMonth or Std.ZeroMonth:
                        month = Num(ref value, std == Std.ZeroMonth);
                        if (month is <= 0 or > 12) range = "month";
                        break;
                    case Std.WeekDay or Std.LongWeekDay:
                        Lookup(std == Std.WeekDay ? Days.Select(d => d[..3]).ToArray() : Days, ref value);
                        break;
                    case Std.Day or Std.UnderDay or Std.ZeroDay:
                        if (std == Std.UnderDay && value.StartsWith(' ')) value = value[1..];
                        day = Num(ref value, std == Std.ZeroDay);
                        break;
                    case Std.UnderYearDay or Std.ZeroYearDay:
                        for (var k = 0; k < 2 && std == Std.UnderYearDay && value.StartsWith(' '); k++) value = value[1..];
                        yday = Num3(ref value, std == Std.ZeroYearDay);
                        break;
                    case Std.Hour:
                        hour = Num(ref value, false);
                        if (hour is < 0 or >= 24) range = "hour";
                        break;
                    case Std.Hour12 or Std.ZeroHour12:
                        hour = Num(ref value, std == Std.ZeroHour12);
                        if (hour is < 0 or > 12) range = "hour";
                        break;
                    case Std.Minute or Std.ZeroMinute:
                        min = Num(ref value, std == Std.ZeroMinute);
                        if (min is < 0 or >= 60) range = "minute";
                        break;
                    case Std.Second or Std.ZeroSecond:
                        sec = Num(ref value, std == Std.ZeroSecond);
                        if (sec is < 0 or >= 60)
                        {
                            range = "second";
                            break;
                        }
                        if (value.Length >= 2 && value[0] is '.' or ',' && char.IsAsciiDigit(value[1]) && Next(layout).Std is not (Std.Frac0 or Std.Frac9))
                        {
                            var n = 2;
                            while (n < value.Length && char.IsAsciiDigit(value[n])) n++;
                            nsec = Nanos(value[..n], ref range);
                            value = value[n..];
                        }
                        break;
                    case Std.PM or Std.Pm:
                        if (value.Length < 2) throw new Bad();
                        var p = value[..2];
                        value = value[2..];
                        if (p == (std == Std.PM ? "PM" : "pm")) pm = true;
                        else if (p == (std == Std.PM ? "AM" : "am")) am = true;
                        else throw new Bad();
                        break;
                    case Std.TZ:
                        if (value.StartsWith("UTC", StringComparison.Ordinal))
                        {
                            z = GoZone.Utc;
                            value = value[3..];
                            break;
                        }
                        var len = 0;
                        while (len < value.Length && len < 5 && char.IsAsciiLetterUpper(value[len])) len++;
                        if (len < 3) throw new Bad();
                        zoneName = value[..len];
                        value = value[len..];
                        break;
                    case Std.Frac0:
                        if (value.Length < 1 + digits) throw new Bad();
                        nsec = Nanos(value[..(1 + digits)], ref range);
                        value = value[(1 + digits)..];
                        break;
                    case Std.Frac9:
                        if (value.Length < 2 || value[0] is not ('.' or ',') || !char.IsAsciiDigit(value[1])) break;
                        var i = 0;
                        while (i < 9 && i + 1 < value.Length && char.IsAsciiDigit(value[i + 1])) i++;
                        nsec = Nanos(value[..(1 + i)], ref range);
                        value = value[(1 + i)..];
                        break;
                    default:
                        if (std is Std.Iso8601 or Std.Iso8601Short or Std.Iso8601Colon && value.StartsWith('Z'))
                        {
                            value = value[1..];
                            z = GoZone.Utc;
                            break;
                        }
                        zoneOffset = ZoneOffset(std, ref value);
                        break;
                }
            }
            catch (Bad)
            {
                throw new GoException(Err(value, stdstr));
            }
            if (range.Length > 0) throw new GoException(Err(value, stdstr, ": " + range + " out of range"));
        }
        if (pm && hour < 12) hour += 12;
        else if (am && hour == 12) hour = 0;
        if (yday >= 0)
        {
            var leap = GoCivil.IsLeap(year);
            if (yday < 1 || yday > (leap ? 366 : 365)) throw new GoException(Err("", "", ": day-of-year out of range"));
            var m = 1;
            var d = yday;
            while (d > GoCivil.DaysIn(m, year)) d -= GoCivil.DaysIn(m++, year);
            if (month >= 0 && month != m) throw new GoException(Err("", "", ": day-of-year does not match month"));
            if (day >= 0 && day != d) throw new GoException(Err("", "", ": day-of-year does not match day"));
            (month, day) = (m, d);
        }
        if (month < 0) month = 1;
        if (day < 0) day = 1;
        if (day < 1 || day > GoCivil.DaysIn(month, year)) throw new GoException(Err("", "", ": day out of range"));
        var wall = new GoCivil(year, month, day, hour, min, sec).ToSeconds();
        if (z is not null) return new GoTimeValue(wall - z.At(wall).Offset, nsec, z);
        if (zoneOffset != -1)
        {
            var at = wall - zoneOffset;
            var (offset, name) = local.At(at);
            if (offset == zoneOffset && (zoneName.Length == 0 || name == zoneName)) return new GoTimeValue(at, nsec, local);
            return new GoTimeValue(at, nsec, GoZone.Fixed(zoneName, zoneOffset));
        }
        if (zoneName.Length > 0)
        {
            var (offset, name) = local.At(wall);
            if (name == zoneName) return new GoTimeValue(wall - offset, nsec, local);
            return new GoTimeValue(wall, nsec, GoZone.Fixed(zoneName, 0));
        }
        // a wall time in the location: find the offset in force at that local time
        var guess = wall - local.At(wall).Offset;
        return new GoTimeValue(wall - local.At(guess).Offset, nsec, local);
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

    private static int Nanos(string v, ref string range)
    {
        if (v[0] is not ('.' or ',')) throw new Bad();
        var digits = v[1..];
        if (digits.Length > 10) digits = digits[..10];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ns)) throw new Bad();
        if (ns < 0) range = "fractional second";
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
