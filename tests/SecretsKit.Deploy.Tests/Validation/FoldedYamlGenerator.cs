using System.Text;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// Random documents of nested block mappings and sequences whose scalars are plain, single- or double-quoted and go on
/// over several lines: blank lines (some holding spaces) between, trailing spaces, escapes and escaped line breaks,
/// quotes, <c>#</c>, <c>:</c> and dashes inside, continuation lines at random depths (now and then not deeper than the
/// key, which only YamlDotNet may read), for the light parser's differential test.
/// </summary>
internal sealed class FoldedYamlGenerator(int seed)
{
    private static readonly string[] Vocabulary =
    [
        "a", "self.x", "==", "has(self.y)", "1", "true", "~", "null", "-", "- x", "a-b", "x:y", "a#b", "[x]", "{y}", "&z",
        "*w", "!t", "?", ",", "%", "@", "`", "é", "✓", "|", ">", "'", "\"", "\\", "1.5e3", "0x1F",
    ];

    private static readonly string[] PlainRisky = ["a: b", "c:", "# c", "x #y"];
    private static readonly string[] DoubleEscapes = ["\\n", "\\t", "\\\"", "\\\\", "\\x41", "\\u00e9", "\\ ", "\\/", "\\0"];

    private readonly Random _random = new(seed);

    public string Document()
    {
        var sb = new StringBuilder();
        Mapping(sb, 0, 0);
        return sb.ToString();
    }

    private void Mapping(StringBuilder sb, int indent, int depth)
    {
        for (var n = _random.Next(1, 5); n > 0; n--)
        {
            sb.Append(' ', indent).Append('k').Append(_random.Next(1000)).Append(':');
            Value(sb, indent, depth);
        }
    }

    private void Value(StringBuilder sb, int indent, int depth)
    {
        switch (depth < 3 ? _random.Next(6) : 0)
        {
            case 4:
                sb.Append('\n');
                Mapping(sb, indent + _random.Next(1, 4), depth + 1);
                break;
            case 5:
                sb.Append('\n');
                Sequence(sb, indent + _random.Next(0, 3), depth + 1);
                break;
            default:
                sb.Append(' ');
                Scalar(sb, indent);
                break;
        }
    }

    private void Sequence(StringBuilder sb, int indent, int depth)
    {
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            sb.Append(' ', indent).Append("- ");
            if (_random.Next(3) == 0)
            {
                Scalar(sb, indent);
                continue;
            }
            var keyColumn = indent + 2;
            sb.Append('k').Append(_random.Next(1000)).Append(':');
            Value(sb, keyColumn, depth);
            if (_random.Next(2) == 0)
            {
                sb.Append(' ', keyColumn).Append("last:");
                Value(sb, keyColumn, depth);
            }
        }
    }

    /// <summary>A scalar of 1–4 lines whose continuation lines are deeper than <paramref name="parentIndent"/> (mostly).</summary>
    private void Scalar(StringBuilder sb, int parentIndent)
    {
        var style = _random.Next(3);
        var quote = style switch { 1 => "'", 2 => "\"", _ => "" };
        sb.Append(quote);
        var lines = _random.Next(1, 5);
        for (var line = 0; line < lines; line++)
        {
            if (line > 0)
            {
                for (var blank = _random.Next(4) == 0 ? _random.Next(1, 3) : 0; blank > 0; blank--) sb.Append(' ', _random.Next(3) == 0 ? _random.Next(1, 8) : 0).Append('\n');
                sb.Append(' ', _random.Next(30) == 0 ? _random.Next(0, parentIndent + 1) : parentIndent + _random.Next(1, 4));
            }
            Phrase(sb, style, first: line == 0 && style == 0);
            if (style == 2 && line < lines - 1 && _random.Next(5) == 0) sb.Append('\\');
            else sb.Append(' ', _random.Next(4) == 0 ? _random.Next(1, 3) : 0);
            if (line < lines - 1) sb.Append('\n');
        }
        sb.Append(quote);
        if (_random.Next(10) == 0) sb.Append(" # comment");
        sb.Append('\n');
    }

    private void Phrase(StringBuilder sb, int style, bool first)
    {
        sb.Append(first ? "w" : Vocabulary[_random.Next(Vocabulary.Length)]);
        for (var n = _random.Next(0, 4); n > 0; n--)
        {
            sb.Append(' ', _random.Next(1, 3));
            var word = Vocabulary[_random.Next(Vocabulary.Length)];
            if (style == 0 && _random.Next(12) == 0) word = PlainRisky[_random.Next(PlainRisky.Length)];
            if (style == 1 && word == "'") word = "''";
            if (style == 2 && word is "\"" or "\\") word = DoubleEscapes[_random.Next(DoubleEscapes.Length)];
            sb.Append(word);
        }
    }
}
