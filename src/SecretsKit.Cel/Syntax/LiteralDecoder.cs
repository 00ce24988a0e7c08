using System.Globalization;
using System.Text;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Syntax;

/// <summary>Decodes the escapes of CEL string and bytes literals: <c>\a \b \f \n \r \t \v \\ \' \" \` \?</c>, octal
/// <c>\NNN</c>, <c>\xHH</c>, <c>\uHHHH</c>, <c>\UHHHHHHHH</c>. In bytes, octal and hex escapes are single bytes and
/// everything else is UTF-8; in strings they are code points. Raw literals keep their text.</summary>
internal static class LiteralDecoder
{
    public static string DecodeString(string body, bool raw)
    {
        if (raw)
            return body;
        var builder = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != '\\')
            {
                builder.Append(body[i++]);
                continue;
            }
            var (codePoint, isByte, next) = Escape(body, i);
            _ = isByte;
            if (codePoint is >= 0xD800 and <= 0xDFFF || codePoint > 0x10FFFF)
                throw new FormatException("invalid unicode code point in escape sequence");
            builder.Append(char.ConvertFromUtf32(codePoint));
            i = next;
        }
        return builder.ToString();
    }

    public static CelBytes DecodeBytes(string body, bool raw)
    {
        if (raw)
            return new CelBytes(Encoding.UTF8.GetBytes(body));
        var bytes = new List<byte>(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != '\\')
            {
                var end = i;
                while (end < body.Length && body[end] != '\\')
                    end++;
                bytes.AddRange(Encoding.UTF8.GetBytes(body[i..end]));
                i = end;
                continue;
            }
            var (codePoint, isByte, next) = Escape(body, i);
            if (isByte)
                bytes.Add((byte)codePoint);
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)));
            i = next;
        }
        return new CelBytes([.. bytes]);
    }

    /// <summary>Reads the escape at <paramref name="i"/> (a backslash): its code point, whether it denotes a raw
    /// byte value (octal, hex), and the index after it.</summary>
    private static (int CodePoint, bool IsByte, int Next) Escape(string body, int i)
    {
        if (i + 1 >= body.Length)
            throw new FormatException("incomplete escape sequence");
        var c = body[i + 1];
        switch (c)
        {
            case 'a': return (7, false, i + 2);
            case 'b': return (8, false, i + 2);
            case 'f': return (12, false, i + 2);
            case 'n': return (10, false, i + 2);
            case 'r': return (13, false, i + 2);
            case 't': return (9, false, i + 2);
            case 'v': return (11, false, i + 2);
            case '\\' or '\'' or '"' or '`' or '?': return (c, false, i + 2);
            case 'x' or 'X': return (Hex(body, i + 2, 2), true, i + 4);
            case 'u': return (Hex(body, i + 2, 4), false, i + 6);
            case 'U': return (Hex(body, i + 2, 8), false, i + 10);
            case >= '0' and <= '3':
                if (i + 3 < body.Length && body[i + 2] is >= '0' and <= '7' && body[i + 3] is >= '0' and <= '7')
                    return (((c - '0') * 64) + ((body[i + 2] - '0') * 8) + (body[i + 3] - '0'), true, i + 4);
                throw new FormatException("invalid octal escape sequence");
            default:
                throw new FormatException($"invalid escape sequence '\\{c}'");
        }
    }

    private static int Hex(string body, int start, int length)
    {
        if (start + length > body.Length
            || !int.TryParse(body.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value < 0)
            throw new FormatException("invalid hex escape sequence");
        return value;
    }
}
