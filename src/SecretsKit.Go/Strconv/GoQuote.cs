using System.Globalization;
using System.Text;

namespace SecretsKit.Go.Strconv;

/// <summary>Go's <c>strconv.Quote</c>, <c>QuoteToASCII</c> and <c>QuoteRune</c> over Go strings (invalid bytes as <c>\x</c>).</summary>
public static class GoQuote
{
    /// <summary><c>strconv.Quote</c>.</summary>
    public static string Quote(string s) => Quote(s, asciiOnly: false);

    /// <summary><c>strconv.Quote</c> (or <c>QuoteToASCII</c> when <paramref name="asciiOnly"/>).</summary>
    public static string Quote(string s, bool asciiOnly, char quote = '"')
    {
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= '\uDC80' && c <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(s[i - 1])))
            {
                sb.Append("\\x").Append(((int)(c - '\uDC00')).ToString("x2", CultureInfo.InvariantCulture));
                continue;
            }
            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) rune = new Rune(c, s[++i]);
            else rune = char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c);
            AppendRune(sb, rune, quote, asciiOnly);
        }
        return sb.Append(quote).ToString();
    }

    /// <summary><c>strconv.QuoteRune</c> (<c>'a'</c>); an invalid code point quotes as U+FFFD.</summary>
    public static string QuoteRune(long r, bool asciiOnly)
    {
        var rune = r is >= 0 and <= 0x10FFFF && !(r is >= 0xD800 and <= 0xDFFF) ? new Rune((int)r) : Rune.ReplacementChar;
        var sb = new StringBuilder("'");
        AppendRune(sb, rune, '\'', asciiOnly);
        return sb.Append('\'').ToString();
    }

    private static void AppendRune(StringBuilder sb, Rune rune, char quote, bool asciiOnly)
    {
        var c = rune.Value;
        if (c == quote || c == '\\')
        {
            sb.Append('\\').Append((char)c);
            return;
        }
        if (asciiOnly ? c < 0x80 && IsPrint(rune) : IsPrint(rune))
        {
            sb.Append(rune.ToString());
            return;
        }
        switch (c)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (c < ' ' || c == 0x7f) sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
        else if (c < 0x10000) sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
        else sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
    }

    /// <summary>Go's <c>strconv.IsPrint</c> (letters, marks, numbers, punctuation, symbols and the ASCII space).</summary>
    public static bool IsPrint(Rune r)
    {
        if (r.Value < 0x80) return r.Value >= 0x20 && r.Value < 0x7f;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
