using System.Security.Cryptography;
using System.Text;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's word functions from goutils and xstrings: <c>untitle swapcase initials nospace abbrev abbrevboth wrap wrapWith
/// shuffle snakecase camelcase kebabcase</c>. goutils walks bytes (<c>initials nospace abbrev wrap</c>), as here.
/// </summary>
internal static class WordFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["untitle"] = c => Untitle(c.Exactly(1).String(0));
        t["swapcase"] = c => SwapCase(c.Exactly(1).String(0));
        t["initials"] = c => Initials(c.Exactly(1).String(0));
        t["nospace"] = c => NoSpace(c.Exactly(1).String(0));
        t["abbrev"] = c => c.Exactly(2).Int(0) < 4 ? c.String(1) : Abbreviate(c.String(1), 0, c.Int(0));
        t["abbrevboth"] = c => c.Exactly(3).Int(1) < 4 || (c.Int(0) > 0 && c.Int(1) < 7) ? c.String(2) : Abbreviate(c.String(2), c.Int(0), c.Int(1));
        t["wrap"] = c => Wrap(c.Exactly(2).String(1), c.Int(0), "\n", longWords: false);
        t["wrapWith"] = c => Wrap(c.Exactly(3).String(2), c.Int(0), c.String(1), longWords: true);
        t["shuffle"] = c => Shuffle(c.Exactly(1).String(0));
        t["snakecase"] = c => CaseWords.ToLowerJoined(c.Exactly(1).String(0), '_');
        t["kebabcase"] = c => CaseWords.ToLowerJoined(c.Exactly(1).String(0), '-');
        t["camelcase"] = c => CaseWords.ToCamel(c.Exactly(1).String(0));
    }

    private static string Untitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        var next = true;
        foreach (var r in GoString.Runes(s))
        {
            if (SprigText.IsSpace(r)) next = true;
            else if (next)
            {
                sb.Append(GoUnicode.ToLower(r).ToString());
                next = false;
                continue;
            }
            sb.Append(r.ToString());
        }
        return sb.ToString();
    }

    private static string SwapCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        var whitespace = true;
        foreach (var r in GoString.Runes(s))
        {
            var cat = Rune.GetUnicodeCategory(r);
            if (cat is System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.TitlecaseLetter)
            {
                sb.Append(GoUnicode.ToLower(r).ToString());
                whitespace = false;
            }
            else if (cat == System.Globalization.UnicodeCategory.LowercaseLetter)
            {
                sb.Append(GoUnicode.ToUpper(r).ToString());
                whitespace = false;
            }
            else
            {
                sb.Append(r.ToString());
                whitespace = SprigText.IsSpace(r);
            }
        }
        _ = whitespace;
        return sb.ToString();
    }

    /// <summary>goutils reads each byte as a rune (Latin-1), so a non-ASCII initial comes out as its first byte's character.</summary>
    private static string Initials(string s)
    {
        var sb = new StringBuilder();
        var gap = true;
        foreach (var b in GoString.ToBytes(s))
        {
            if (SprigText.IsSpace(new Rune(b))) gap = true;
            else if (gap)
            {
                sb.Append((char)b);
                gap = false;
            }
        }
        return sb.ToString();
    }

    private static string NoSpace(string s)
    {
        var bytes = GoString.ToBytes(s);
        if (!bytes.Any(b => SprigText.IsSpace(new Rune(b)))) return s;
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (!SprigText.IsSpace(new Rune(b))) sb.Append((char)b);
        }
        return sb.ToString();
    }

    /// <summary>goutils' <c>AbbreviateFull</c> over bytes (sprig has already refused widths it would reject).</summary>
    private static string Abbreviate(string s, long offset, long width)
    {
        var n = GoString.ByteLength(s);
        if (n == 0 || n <= width) return s;
        if (offset > n) offset = n;
        if (n - offset < width - 3) offset = n - (width - 3);
        if (offset <= 4) return GoString.Slice(s, 0, (int)(width - 3)) + "...";
        if (width < 7) return "";
        if (offset + width - 3 < n) return "..." + Abbreviate(GoString.Slice(s, (int)offset, n), 0, width - 3);
        return "..." + GoString.Slice(s, (int)(n - (width - 3)), n);
    }

    /// <summary>goutils' <c>WrapCustom</c>: breaks at the last space within the width, counting bytes.</summary>
    private static string Wrap(string s, long width, string newLine, bool longWords)
    {
        if (s.Length == 0) return "";
        if (newLine.Length == 0) newLine = "\n";
        if (width < 1) width = 1;
        var str = GoString.ToBytes(s);
        var nl = GoString.ToBytes(newLine);
        var n = str.Length;
        var offset = 0;
        var output = new List<byte>(n + 16);
        while (n - offset > width)
        {
            if (str[offset] == ' ')
            {
                offset++;
                continue;
            }
            var end = (int)(width + offset + 1);
            var space = str.AsSpan(offset, end - offset).LastIndexOf((byte)' ');
            if (space >= 0)
            {
                output.AddRange(str.AsSpan(offset, space));
                output.AddRange(nl);
                offset += space + 1;
            }
            else if (longWords)
            {
                output.AddRange(str.AsSpan(offset, (int)width));
                output.AddRange(nl);
                offset += (int)width;
            }
            else
            {
                var from = (int)(width + offset);
                var next = str.AsSpan(from).IndexOf((byte)' ');
                if (next < 0)
                {
                    output.AddRange(str.AsSpan(offset));
                    offset = n;
                }
                else
                {
                    output.AddRange(str.AsSpan(offset, next + from - offset));
                    output.AddRange(nl);
                    offset = next + from + 1;
                }
            }
        }
        output.AddRange(str.AsSpan(offset));
        return GoString.FromBytes(output.ToArray());
    }

    /// <summary>xstrings' <c>Shuffle</c>: the runes in a random order.</summary>
    private static string Shuffle(string s)
    {
        var runes = GoString.Runes(s).ToArray();
        for (var i = runes.Length - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (runes[i], runes[j]) = (runes[j], runes[i]);
        }
        return string.Concat(runes.Select(r => r.ToString()));
    }
}
