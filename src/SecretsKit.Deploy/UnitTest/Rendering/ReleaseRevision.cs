using System.Globalization;
using System.Text;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// <c>.Release.Revision</c> as helm-unittest renders it: the test's (or suite's) <c>release.revision</c>, and 0 when
/// neither sets one (Go's zero value in helm's <c>ReleaseOptions</c>), where <c>helm template</c> always renders 1, a
/// first install. The chart copy's templates get the number written in where they name the field: each
/// <c>.Release.Revision</c> or <c>$.Release.Revision</c> inside a template action, outside its strings and comments.
/// A revision read another way (through <c>with .Release</c>, a variable holding <c>.Release</c>, <c>index</c>, or
/// <c>tpl</c> text in values) stays helm's 1.
/// </summary>
internal static class ReleaseRevision
{
    private const string Field = ".Release.Revision";

    /// <summary>Whether <paramref name="template"/> may name the field (a cheap test before <see cref="Rewrite"/>).</summary>
    public static bool Names(string template) => template.Contains(Field, StringComparison.Ordinal);

    public static string Rewrite(string template, long revision)
    {
        var number = revision.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0) break;
            sb.Append(template, i, open + 2 - i);
            i = Action(template, open + 2, sb, number);
        }
        return sb.Append(template, i, template.Length - i).ToString();
    }

    /// <summary>Copies one action from <paramref name="start"/> through its <c>}}</c>, the field replaced; returns where the text goes on.</summary>
    private static int Action(string text, int start, StringBuilder sb, string number)
    {
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}' && At(text, i, "}}")) return Copy(text, i, i + 2, sb);
            if (c is '"' or '\'') i = Copy(text, i, Quoted(text, i, c), sb);
            else if (c == '`') i = Copy(text, i, Until(text, i + 1, "`"), sb);
            else if (c == '/' && At(text, i, "/*")) i = Copy(text, i, Until(text, i + 2, "*/"), sb);
            else if (FieldAt(text, i) is var length and > 0)
            {
                sb.Append(number);
                i += length;
            }
            else sb.Append(text[i++]);
        }
        return i;
    }

    /// <summary>The length of <c>.Release.Revision</c> or <c>$.Release.Revision</c> starting a field chain at <paramref name="i"/>, else 0.</summary>
    private static int FieldAt(string text, int i)
    {
        var length = text[i] == '$' ? Field.Length + 1 : Field.Length;
        if (!At(text, i + length - Field.Length, Field)) return 0;
        if (i > 0 && IsChainChar(text[i - 1])) return 0;
        return i + length < text.Length && IsNameChar(text[i + length]) ? 0 : length;
    }

    /// <summary>A character before a field chain that makes it a field of something else (a variable, a name, a parenthesised value).</summary>
    private static bool IsChainChar(char c) => IsNameChar(c) || c is '$' or ')' or ']';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';

    private static bool At(string text, int i, string what) => string.CompareOrdinal(text, i, what, 0, what.Length) == 0;

    private static int Quoted(string text, int start, char quote)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == quote || text[i] == '\n') return i + 1;
        }
        return text.Length;
    }

    private static int Until(string text, int start, string end)
    {
        var at = text.IndexOf(end, start, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + end.Length;
    }

    private static int Copy(string text, int from, int to, StringBuilder sb)
    {
        sb.Append(text, from, to - from);
        return to;
    }
}
