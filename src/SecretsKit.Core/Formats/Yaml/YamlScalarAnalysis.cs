using System.Buffers;
using System.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// libyaml's <c>yaml_emitter_analyze_scalar</c> (as in yaml.v3 v3.0.4, with unicode output on) and
/// <c>yaml_emitter_select_scalar_style</c>: which styles a scalar may be written in.
/// </summary>
internal readonly record struct YamlScalarAnalysis(
    bool Multiline,
    bool FlowPlainAllowed,
    bool BlockPlainAllowed,
    bool SingleQuotedAllowed,
    bool BlockAllowed)
{
    public static YamlScalarAnalysis Analyze(string value)
    {
        if (value.Length == 0)
        {
            return new YamlScalarAnalysis(false, false, true, true, false);
        }

        return value.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0 ? AnalyzeVisibleAscii(value) : AnalyzeRunes(value);
    }

    /// <summary>The full analysis, code point by code point (libyaml's loop); <see cref="Analyze"/> takes a shortcut for visible ASCII.</summary>
    internal static YamlScalarAnalysis AnalyzeRunes(string value)
    {
        if (value.Length == 0)
        {
            return new YamlScalarAnalysis(false, false, true, true, false);
        }

        var scan = new Scan();
        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal))
        {
            scan.BlockIndicators = true;
            scan.FlowIndicators = true;
        }

        var precededByWhitespace = true;
        for (var i = 0; i < value.Length;)
        {
            var c = RuneAt(value, i, out var width);
            var first = i == 0;
            i += width;
            var last = i >= value.Length;
            var followedByWhitespace = last || IsBlank(value[i]);
            if (first) FirstIndicators(ref scan, c, followedByWhitespace);
            else InnerIndicators(ref scan, c, followedByWhitespace, precededByWhitespace);
            Spacing(ref scan, c, first, last);
            precededByWhitespace = IsBlank(c) || IsBreak(c) || c == 0;
        }
        return Styles(scan);
    }

    /// <summary>What libyaml's analysis loop has seen so far.</summary>
    private struct Scan
    {
        public bool BlockIndicators, FlowIndicators, LineBreaks, SpecialCharacters, TabCharacters;
        public bool LeadingSpace, LeadingBreak, TrailingSpace, TrailingBreak, BreakSpace, SpaceBreak;
        public bool PreviousSpace, PreviousBreak;
    }

    /// <summary>Indicators in the first position.</summary>
    private static void FirstIndicators(ref Scan scan, int c, bool followedByWhitespace)
    {
        switch (c)
        {
            case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                scan.FlowIndicators = true;
                scan.BlockIndicators = true;
                break;
            case '?' or ':':
                scan.FlowIndicators = true;
                if (followedByWhitespace) scan.BlockIndicators = true;
                break;
            case '-':
                if (followedByWhitespace)
                {
                    scan.FlowIndicators = true;
                    scan.BlockIndicators = true;
                }
                break;
        }
    }

    /// <summary>Indicators after the first position.</summary>
    private static void InnerIndicators(ref Scan scan, int c, bool followedByWhitespace, bool precededByWhitespace)
    {
        switch (c)
        {
            case ',' or '?' or '[' or ']' or '{' or '}':
                scan.FlowIndicators = true;
                break;
            case ':':
                scan.FlowIndicators = true;
                if (followedByWhitespace) scan.BlockIndicators = true;
                break;
            case '#':
                if (precededByWhitespace)
                {
                    scan.FlowIndicators = true;
                    scan.BlockIndicators = true;
                }
                break;
        }
    }

    /// <summary>Tabs, special characters, and where spaces and breaks stand (leading, trailing, next to each other).</summary>
    private static void Spacing(ref Scan scan, int c, bool first, bool last)
    {
        if (c == '\t') scan.TabCharacters = true;
        else if (!IsPrintable(c)) scan.SpecialCharacters = true;

        if (c == ' ')
        {
            if (first) scan.LeadingSpace = true;
            if (last) scan.TrailingSpace = true;
            if (scan.PreviousBreak) scan.BreakSpace = true;
            scan.PreviousSpace = true;
            scan.PreviousBreak = false;
        }
        else if (IsBreak(c))
        {
            scan.LineBreaks = true;
            if (first) scan.LeadingBreak = true;
            if (last) scan.TrailingBreak = true;
            if (scan.PreviousSpace) scan.SpaceBreak = true;
            scan.PreviousSpace = false;
            scan.PreviousBreak = true;
        }
        else
        {
            scan.PreviousSpace = false;
            scan.PreviousBreak = false;
        }
    }

    /// <summary>libyaml's rules from what the scan found to the styles allowed.</summary>
    private static YamlScalarAnalysis Styles(in Scan scan)
    {
        bool flowPlain = true, blockPlain = true, single = true, block = true;
        if (scan.LeadingSpace || scan.LeadingBreak || scan.TrailingSpace || scan.TrailingBreak)
        {
            flowPlain = false;
            blockPlain = false;
        }
        if (scan.TrailingSpace) block = false;
        if (scan.BreakSpace || scan.SpaceBreak || scan.TabCharacters || scan.SpecialCharacters)
        {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }
        if (scan.SpaceBreak || scan.SpecialCharacters) block = false;
        if (scan.LineBreaks)
        {
            flowPlain = false;
            blockPlain = false;
        }
        if (scan.FlowIndicators) flowPlain = false;
        if (scan.BlockIndicators) blockPlain = false;
        return new YamlScalarAnalysis(scan.LineBreaks, flowPlain, blockPlain, single, block);
    }

    /// <summary>
    /// <see cref="Analyze"/> for a non-empty string of visible ASCII only (no space, tab, break or special character),
    /// the usual key or value: every style is allowed except what the indicators rule out. With no blank anywhere, a
    /// character is followed by whitespace only at the end and a '#' after the first position is never preceded by it.
    /// </summary>
    private static YamlScalarAnalysis AnalyzeVisibleAscii(string value)
    {
        var span = value.AsSpan();
        var flowIndicators = false;
        var blockIndicators = span.StartsWith("---", StringComparison.Ordinal) || span.StartsWith("...", StringComparison.Ordinal);
        if (blockIndicators) flowIndicators = true;
        switch (span[0])
        {
            case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                flowIndicators = true;
                blockIndicators = true;
                break;
            case '?' or ':':
                flowIndicators = true;
                if (span.Length == 1) blockIndicators = true;
                break;
            case '-':
                if (span.Length == 1)
                {
                    flowIndicators = true;
                    blockIndicators = true;
                }
                break;
        }
        if (span.Length > 1)
        {
            if (span[1..].IndexOfAny(FlowIndicatorsAfterFirst) >= 0) flowIndicators = true;
            if (span[^1] == ':') blockIndicators = true;
        }
        return new YamlScalarAnalysis(false, !flowIndicators, !blockIndicators, true, true);
    }

    private static readonly SearchValues<char> FlowIndicatorsAfterFirst = SearchValues.Create(",?[]{}:");

    /// <summary><c>yaml_emitter_select_scalar_style</c> for a scalar in the given context.</summary>
    public YamlScalarStyle Select(YamlScalarStyle requested, string value, bool simpleKey, bool inFlow, bool tagged)
    {
        var style = requested;
        if (simpleKey && Multiline) style = YamlScalarStyle.DoubleQuoted;
        if (style == YamlScalarStyle.Plain)
        {
            if ((inFlow && !FlowPlainAllowed) || (!inFlow && !BlockPlainAllowed)) style = YamlScalarStyle.SingleQuoted;
            if (value.Length == 0 && (inFlow || simpleKey)) style = YamlScalarStyle.SingleQuoted;
            // "no_tag && !implicit" cannot happen: untagged events are always implicit here.
            _ = tagged;
        }
        if (style == YamlScalarStyle.SingleQuoted && !SingleQuotedAllowed) style = YamlScalarStyle.DoubleQuoted;
        if (style == YamlScalarStyle.Literal && (!BlockAllowed || inFlow || simpleKey)) style = YamlScalarStyle.DoubleQuoted;
        return style;
    }

    /// <summary>yaml.v3 <c>is_printable</c> in code points: LF, 0x20–0x7E, 0xA0–0xD7FF, 0xE000–0xFFFD minus the BOM.</summary>
    public static bool IsPrintable(int c) =>
        c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);

    public static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    public static bool IsBlank(int c) => c is ' ' or '\t';

    /// <summary>
    /// The code point starting at <paramref name="index"/> and how many UTF-16 units it takes (an unpaired surrogate is
    /// one code point of its own), so callers walk a string by code points without materialising them.
    /// </summary>
    public static int RuneAt(string value, int index, out int width)
    {
        var c = value[index];
        if (!char.IsSurrogate(c))
        {
            width = 1;
            return c;
        }
        if (Rune.TryGetRuneAt(value, index, out var r))
        {
            width = r.Utf16SequenceLength;
            return r.Value;
        }
        width = 1;
        return c;
    }

    /// <summary>How many code points <see cref="RuneAt"/> yields for the string.</summary>
    public static int RuneCount(string value)
    {
        var surrogate = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (surrogate < 0) return value.Length;
        var count = surrogate;
        for (var i = surrogate; i < value.Length; count++)
        {
            RuneAt(value, i, out var width);
            i += width;
        }
        return count;
    }
}
