using System.Text;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>Go's <c>strings</c> and <c>unicode</c> behaviours sprig relies on, over <see cref="GoString"/> values.</summary>
internal static class SprigText
{
    public static string Upper(string s) => Map(s, GoUnicode.ToUpper);

    public static string Lower(string s) => Map(s, GoUnicode.ToLower);

    public static string Map(string s, Func<Rune, Rune> mapping)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var r in GoString.Runes(s)) sb.Append(mapping(r).ToString());
        return sb.ToString();
    }

    /// <summary>Go's <c>strings.Title</c>: the first letter after a separator (space, ASCII punctuation) upper-cased.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var prev = new Rune(' ');
        foreach (var r in GoString.Runes(s))
        {
            sb.Append((IsSeparator(prev) ? GoUnicode.ToTitle(r) : r).ToString());
            prev = r;
        }
        return sb.ToString();
    }

    private static bool IsSeparator(Rune r)
    {
        if (r.Value <= 0x7F)
        {
            var c = (char)r.Value;
            return !(char.IsAsciiLetterOrDigit(c) || c == '_');
        }
        if (Rune.IsLetter(r) || Rune.IsDigit(r)) return false;
        return IsSpace(r);
    }

    /// <summary>Go's <c>unicode.IsSpace</c>.</summary>
    public static bool IsSpace(Rune r) => r.Value is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0
        || (r.Value > 0xFF && Rune.IsWhiteSpace(r));

    /// <summary>Go's <c>strings.TrimSpace</c>.</summary>
    public static string TrimSpace(string s) => s.Trim();

    /// <summary>Go's <c>strings.Trim(s, cutset)</c>.</summary>
    public static string Trim(string s, string cutset)
    {
        if (s.Length == 0 || cutset.Length == 0) return s;
        var set = GoString.Runes(cutset).ToHashSet();
        var runes = Runes(s);
        var start = 0;
        var end = runes.Count;
        while (start < end && set.Contains(runes[start].Rune)) start++;
        while (end > start && set.Contains(runes[end - 1].Rune)) end--;
        if (start == end) return "";
        return s[runes[start].Index..(end == runes.Count ? s.Length : runes[end].Index)];
    }

    private static List<(Rune Rune, int Index)> Runes(string s)
    {
        var list = new List<(Rune, int)>(s.Length);
        var i = 0;
        foreach (var r in GoString.Runes(s))
        {
            list.Add((r, i));
            i += r.Utf16SequenceLength;
        }
        return list;
    }

    /// <summary>Go's <c>strings.SplitN(s, sep, n)</c> (<c>n &lt; 0</c>: all; an empty separator splits after each UTF-8 sequence).</summary>
    public static IReadOnlyList<string> Split(string s, string sep, long n)
    {
        if (n == 0) return [];
        if (sep.Length == 0)
        {
            var parts = Runes(s).Select((r, i) => (r.Index, i)).ToList();
            var result = new List<string>();
            for (var i = 0; i < parts.Count; i++)
            {
                if (n > 0 && result.Count == n - 1)
                {
                    result.Add(s[parts[i].Index..]);
                    return result;
                }
                result.Add(s[parts[i].Index..(i + 1 < parts.Count ? parts[i + 1].Index : s.Length)]);
            }
            return result;
        }
        var list = new List<string>();
        var start = 0;
        while (n < 0 || list.Count < n - 1)
        {
            var at = s.IndexOf(sep, start, StringComparison.Ordinal);
            if (at < 0) break;
            list.Add(s[start..at]);
            start = at + sep.Length;
        }
        list.Add(s[start..]);
        return list;
    }

    /// <summary>Go's <c>s[low:high]</c> over bytes, with Go's panic text when the bounds are out of range.</summary>
    public static string SliceChecked(string s, long low, long high, int length, bool hasLow, bool hasHigh = true)
    {
        if (high < 0 || high > length)
        {
            throw new TemplateFunctionException(hasHigh
                ? $"runtime error: slice bounds out of range [:{high}] with length {length}"
                : $"runtime error: slice bounds out of range [{low}:{length}]");
        }
        if (low < 0 || low > high) throw new TemplateFunctionException($"runtime error: slice bounds out of range [{low}:{high}]");
        return GoString.Slice(s, (int)low, (int)high);
    }
}
