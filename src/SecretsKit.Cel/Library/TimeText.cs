using System.Globalization;
using System.Text;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>Timestamps and durations as text: RFC 3339 (Go's time.RFC3339Nano, as cel-go parses and prints them)
/// and Go duration strings (<c>1h30m</c>, <c>1.5s</c>, <c>-2ms</c>).</summary>
internal static class TimeText
{
    private static readonly (string Unit, long Nanos)[] Units =
    [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ];

    public static CelTimestamp? ParseTimestamp(string text)
    {
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
            return null;
        if (!TryInt(text, 0, 4, out var year) || !TryInt(text, 5, 2, out var month) || !TryInt(text, 8, 2, out var day)
            || !TryInt(text, 11, 2, out var hour) || !TryInt(text, 14, 2, out var minute) || !TryInt(text, 17, 2, out var second))
            return null;
        var pos = 19;
        long fraction = 0;
        if (pos < text.Length && text[pos] == '.')
        {
            var start = ++pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                pos++;
            var digits = text[start..pos];
            if (digits.Length is 0 or > 9)
                return null;
            fraction = long.Parse(digits.PadRight(9, '0'), CultureInfo.InvariantCulture);
        }
        if (!TryOffset(text, pos, out var offsetSeconds))
            return null;
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return null;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        var seconds = (long)(local - DateTime.UnixEpoch).TotalSeconds - offsetSeconds;
        var nanos = ((Int128)seconds * 1_000_000_000) + fraction;
        return CelTimestamp.InRange(nanos) ? new CelTimestamp(nanos) : null;
    }

    private static bool TryOffset(string text, int pos, out int seconds)
    {
        seconds = 0;
        if (pos == text.Length - 1 && text[pos] == 'Z')
            return true;
        if (pos + 6 != text.Length || text[pos] is not ('+' or '-') || text[pos + 3] != ':'
            || !TryInt(text, pos + 1, 2, out var h) || !TryInt(text, pos + 4, 2, out var m) || h > 23 || m > 59)
            return false;
        seconds = ((h * 60) + m) * 60 * (text[pos] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryInt(string text, int start, int length, out int value) =>
        int.TryParse(text.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static string FormatTimestamp(CelTimestamp timestamp)
    {
        var time = DateTime.UnixEpoch.AddSeconds(timestamp.Seconds);
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (timestamp.Nanos != 0)
            text += "." + timestamp.Nanos.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }

    /// <summary>Parses a Go duration string; null when malformed or out of range.</summary>
    public static Int128? ParseDuration(string text)
    {
        var pos = 0;
        var negative = false;
        if (pos < text.Length && text[pos] is '-' or '+')
            negative = text[pos++] == '-';
        if (text[pos..] == "0")
            return 0;
        if (pos == text.Length)
            return null;
        Int128 total = 0;
        while (pos < text.Length)
        {
            var start = pos;
            while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.'))
                pos++;
            var number = text[start..pos];
            var unitStart = pos;
            while (pos < text.Length && !char.IsAsciiDigit(text[pos]) && text[pos] != '.')
                pos++;
            var unit = Array.Find(Units, u => u.Unit == text[unitStart..pos]);
            if (number.Length == 0 || number == "." || unit.Unit is null
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                return null;
            total += (Int128)decimal.Truncate(amount * unit.Nanos);
            if (total > CelDuration.MaxNanos)
                return null;
        }
        return negative ? -total : total;
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
