namespace SecretsKit.Templates.Yaml;

/// <summary>
/// libyaml's scalar analysis (which go-yaml v2 and v3 share) for block context: may a string be written plain, single-quoted
/// or as a literal block? Indicators at the start (<c># , [ ] { } &amp; * ! | &gt; ' " % @ `</c>, or <c>- ? :</c> before a
/// space), <c>": "</c> and <c>" #"</c> inside, a document marker, leading or trailing spaces, line breaks and characters
/// that are not printable each rule some styles out.
/// </summary>
internal readonly record struct YamlScalarAnalysis(bool PlainAllowed, bool SingleQuotedAllowed, bool BlockAllowed)
{
    public static bool Printable(int r) =>
        r is 0x0a or 0x85 || (r >= 0x20 && r <= 0x7e) || (r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd && r != 0xfeff) || r >= 0x10000;

    private static bool IsBreak(int r) => r is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    public static YamlScalarAnalysis Of(string s)
    {
        if (s.Length == 0) return new(false, true, false);
        var runes = s.EnumerateRunes().Select(r => r.Value).ToArray();
        var blockIndicators = s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal);
        bool special = false, lineBreaks = false, spaceBreak = false, breakSpace = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool previousSpace = false, previousBreak = false;
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            var next = i + 1 < runes.Length ? runes[i + 1] : -1;
            var followedByBlank = next is -1 or ' ' or '\t' || (next >= 0 && IsBreak(next));
            if (i == 0)
            {
                if (r is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`') blockIndicators = true;
                if (r is '?' or ':' or '-' && followedByBlank) blockIndicators = true;
            }
            else
            {
                if (r == ':' && followedByBlank) blockIndicators = true;
                if (r == '#' && (runes[i - 1] is ' ' or '\t' || IsBreak(runes[i - 1]))) blockIndicators = true;
            }
            if (!Printable(r)) special = true;
            if (IsBreak(r)) lineBreaks = true;
            if (r == ' ')
            {
                if (i == 0) leadingSpace = true;
                if (i == runes.Length - 1) trailingSpace = true;
                if (previousBreak) breakSpace = true;
                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(r))
            {
                if (i == 0) leadingBreak = true;
                if (i == runes.Length - 1) trailingBreak = true;
                if (previousSpace) spaceBreak = true;
                previousBreak = true;
                previousSpace = false;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }
        }
        bool plain = true, single = true, block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
        if (trailingSpace) block = false;
        if (breakSpace) plain = single = false;
        if (spaceBreak || special) plain = single = block = false;
        if (lineBreaks) plain = false;
        if (blockIndicators) plain = false;
        return new(plain, single, block);
    }
}
