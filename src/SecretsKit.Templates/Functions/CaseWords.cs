using System.Globalization;
using System.Text;
using SecretsKit.Go.Text;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// huandu/xstrings 1.3.3 word splitting as sprig 3.2.3 uses it: <c>snakecase</c>/<c>kebabcase</c> (words of one kind —
/// upper-case run, lower-case letters, digits, punctuation, connectors <c>- _</c> and spaces — lower-cased and joined),
/// and <c>camelcase</c> (ToCamelCase: upper after a connector, everything else lower). sprig 3.3 maps <c>camelcase</c>
/// to xstrings' ToPascalCase instead, which keeps the case of letters inside a word.
/// </summary>
internal static class CaseWords
{
    private enum Word { Invalid, Number, Upper, Alphabet, Connector, Punct, Other }

    public static string ToCamel(string s)
    {
        var runes = GoString.Runes(s).ToArray();
        if (runes.Length == 0) return "";
        var sb = new StringBuilder(s.Length);
        var i = 0;
        var r0 = runes[0];
        while (i < runes.Length)
        {
            r0 = runes[i++];
            if (!IsConnector(r0))
            {
                r0 = GoUnicode.ToUpper(r0);
                break;
            }
            sb.Append(r0.ToString());
        }
        if (i == runes.Length)
        {
            sb.Append(r0.ToString());
            return sb.ToString();
        }
        while (i < runes.Length)
        {
            var r1 = r0;
            r0 = runes[i++];
            if (IsConnector(r0) && IsConnector(r1))
            {
                sb.Append(r1.ToString());
                continue;
            }
            if (IsConnector(r1)) r0 = GoUnicode.ToUpper(r0);
            else
            {
                r0 = GoUnicode.ToLower(r0);
                sb.Append(r1.ToString());
            }
        }
        sb.Append(r0.ToString());
        return sb.ToString();
    }

    public static string ToLowerJoined(string s, char connector)
    {
        var runes = GoString.Runes(s).ToArray();
        if (runes.Length == 0) return "";
        var sb = new StringBuilder(s.Length + 8);
        var pos = 0;
        var (wt, word) = Next(runes, ref pos);
        while (pos < runes.Length)
        {
            if (wt != Word.Connector) Lower(sb, wt, word, connector);
            var prev = wt;
            var last = word;
            (wt, word) = Next(runes, ref pos);
            switch (prev)
            {
                case Word.Number:
                    while (wt is Word.Alphabet or Word.Number)
                    {
                        Lower(sb, wt, word, connector);
                        (wt, word) = Next(runes, ref pos);
                    }
                    if (wt is not (Word.Invalid or Word.Punct or Word.Connector)) sb.Append(connector);
                    break;
                case Word.Connector:
                    Lower(sb, prev, last, connector);
                    break;
                case Word.Punct:
                    break;
                default:
                    if (wt != Word.Number)
                    {
                        if (wt is not (Word.Connector or Word.Punct)) sb.Append(connector);
                        break;
                    }
                    if (pos >= runes.Length) break;
                    last = word;
                    (wt, word) = Next(runes, ref pos);
                    if (wt != Word.Alphabet)
                    {
                        Lower(sb, Word.Number, last, connector);
                        if (wt is not (Word.Connector or Word.Punct)) sb.Append(connector);
                        break;
                    }
                    sb.Append(connector);
                    Lower(sb, Word.Number, last, connector);
                    while (wt is Word.Alphabet or Word.Number)
                    {
                        Lower(sb, wt, word, connector);
                        (wt, word) = Next(runes, ref pos);
                    }
                    if (wt is not (Word.Invalid or Word.Connector or Word.Punct)) sb.Append(connector);
                    break;
            }
        }
        Lower(sb, wt, word, connector);
        return sb.ToString();
    }

    private static void Lower(StringBuilder sb, Word wt, ArraySegment<Rune> word, char connector)
    {
        foreach (var r in word)
        {
            if (wt is Word.Upper or Word.Connector && IsConnector(r)) sb.Append(connector);
            else if (wt is Word.Upper or Word.Connector && Rune.IsUpper(r)) sb.Append(GoUnicode.ToLower(r).ToString());
            else sb.Append(r.ToString());
        }
    }

    private static (Word, ArraySegment<Rune>) Next(Rune[] runes, ref int pos)
    {
        var start = pos;
        if (pos >= runes.Length) return (Word.Invalid, new ArraySegment<Rune>(runes, pos, 0));
        var r = runes[pos];
        var end = pos + 1;
        Word wt;
        if (IsConnector(r))
        {
            wt = Word.Connector;
            while (end < runes.Length && IsConnector(runes[end])) end++;
        }
        else if (IsPunct(r))
        {
            wt = Word.Punct;
            while (end < runes.Length && IsPunct(runes[end])) end++;
        }
        else if (Rune.IsUpper(r))
        {
            wt = Word.Upper;
            if (end < runes.Length && Rune.IsUpper(runes[end]))
            {
                while (end < runes.Length && Rune.IsUpper(runes[end])) end++;
                if (end < runes.Length && IsAlphabet(runes[end])) end--;
            }
            else if (end < runes.Length && IsAlphabet(runes[end]))
            {
                while (end < runes.Length && IsAlphabet(runes[end]) && !Rune.IsUpper(runes[end])) end++;
            }
        }
        else if (IsAlphabet(r))
        {
            wt = Word.Alphabet;
            while (end < runes.Length && IsAlphabet(runes[end]) && !Rune.IsUpper(runes[end])) end++;
        }
        else if (Rune.IsNumber(r))
        {
            wt = Word.Number;
            while (end < runes.Length && Rune.IsNumber(runes[end])) end++;
        }
        else
        {
            wt = Word.Other;
            while (end < runes.Length && !(IsConnector(runes[end]) || IsAlphabet(runes[end]) || Rune.IsNumber(runes[end]) || IsPunct(runes[end]))) end++;
        }
        pos = end;
        return (wt, new ArraySegment<Rune>(runes, start, end - start));
    }

    private static bool IsConnector(Rune r) => r.Value is '-' or '_' || SprigText.IsSpace(r);

    /// <summary>Go's <c>unicode.IsPunct</c>: the P* categories.</summary>
    private static bool IsPunct(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
        or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
        or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>xstrings' <c>isAlphabet</c>: a letter that is not a CJK ideograph.</summary>
    private static bool IsAlphabet(Rune r) => Rune.IsLetter(r) && !(r.Value is (>= 0x4E00 and <= 0x9FCC) or (>= 0x3400 and <= 0x4D85) or (>= 0x20000 and <= 0x2B81D));
}
