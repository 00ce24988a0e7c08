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

        bool blockIndicators = false, flowIndicators = false, lineBreaks = false, specialCharacters = false;
        bool tabCharacters = false, leadingSpace = false, leadingBreak = false, trailingSpace = false;
        bool trailingBreak = false, breakSpace = false, spaceBreak = false;
        bool previousSpace = false, previousBreak = false;

        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal))
        {
            blockIndicators = true;
            flowIndicators = true;
        }

        var precededByWhitespace = true;
        var runes = Runes(value);
        for (var k = 0; k < runes.Count; k++)
        {
            var c = runes[k];
            var followedByWhitespace = k + 1 >= runes.Count || IsBlank(runes[k + 1]);
            if (k == 0)
            {
                switch (c)
                {
                    case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                        flowIndicators = true;
                        blockIndicators = true;
                        break;
                    case '?' or ':':
                        flowIndicators = true;
                        if (followedByWhitespace) blockIndicators = true;
                        break;
                    case '-':
                        if (followedByWhitespace)
                        {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                        break;
                }
            }
            else
            {
                switch (c)
                {
                    case ',' or '?' or '[' or ']' or '{' or '}':
                        flowIndicators = true;
                        break;
                    case ':':
                        flowIndicators = true;
                        if (followedByWhitespace) blockIndicators = true;
                        break;
                    case '#':
                        if (precededByWhitespace)
                        {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                        break;
                }
            }

            if (c == '\t') tabCharacters = true;
            else if (!IsPrintable(c)) specialCharacters = true;

            if (c == ' ')
            {
                if (k == 0) leadingSpace = true;
                if (k == runes.Count - 1) trailingSpace = true;
                if (previousBreak) breakSpace = true;
                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(c))
            {
                lineBreaks = true;
                if (k == 0) leadingBreak = true;
                if (k == runes.Count - 1) trailingBreak = true;
                if (previousSpace) spaceBreak = true;
                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = IsBlank(c) || IsBreak(c) || c == 0;
        }

        bool flowPlain = true, blockPlain = true, single = true, block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            flowPlain = false;
            blockPlain = false;
        }
        if (trailingSpace) block = false;
        if (breakSpace)
        {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }
        if (spaceBreak || tabCharacters || specialCharacters)
        {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }
        if (spaceBreak || specialCharacters) block = false;
        if (lineBreaks)
        {
            flowPlain = false;
            blockPlain = false;
        }
        if (flowIndicators) flowPlain = false;
        if (blockIndicators) blockPlain = false;
        return new YamlScalarAnalysis(lineBreaks, flowPlain, blockPlain, single, block);
    }

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

    /// <summary>The string as code points (an unpaired surrogate stays one element).</summary>
    public static List<int> Runes(string value)
    {
        var list = new List<int>(value.Length);
        for (var i = 0; i < value.Length;)
        {
            if (Rune.TryGetRuneAt(value, i, out var r))
            {
                list.Add(r.Value);
                i += r.Utf16SequenceLength;
            }
            else
            {
                list.Add(value[i]);
                i++;
            }
        }
        return list;
    }
}
