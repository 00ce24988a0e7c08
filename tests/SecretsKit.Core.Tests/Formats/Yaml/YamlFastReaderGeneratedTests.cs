using System.Globalization;
using System.Text;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// Generated documents (seeded, so every run reads the same ones) built from the fast reader's subset and from pieces just
/// outside it: the fast reader gives the existing reader's tree or leaves the document to it, and never accepts what it refuses.
/// </summary>
public sealed class YamlFastReaderGeneratedTests
{
    private static readonly string[] Keys =
    [
        "a", "key", "name", "on", "yes", "no", "~", "null", "true", "1e3", "0x1F", ".inf", "12", "-1", "a b", "a:b", "a#b",
        "ключ", "'q'", "\"d\"", "-x", "<<", "2026-01-01", "k", "a ", "? a", "&x a", "!t a", "[a]", "{a}", "%a", "@a", "a #c",
    ];

    private static readonly string[] Values =
    [
        "plain", "two words", "1", "-1", "+1", "1.5", "1_000", "0o17", "0x1F", "1e3", ".inf", "-.inf", ".nan", "true", "False",
        "yes", "on", "~", "null", "", "2026-11-30T06:00:00Z", "2026-11-30", "12:30", YamlFastReaderTests.Enc,
        "ENC[AES256_GCM,data:,iv:,tag:,type:str]", "'single'", "'it''s'", "''", "\"double\"", "\"\"", "\"esc\\n\"",
        "\"a 'b'\"", "a: b", "a #b", "a#b", "a:b", "[]", "{}", "[a, b]", "{a: 1}", "&x v", "*x", "!!str 1", "!!int 3",
        "!tag v", "|", ">", "9223372036854775807", "9223372036854775808", "-", "- x", "@x", "`x", "%x", "é ü", "a\tb",
        "'unclosed", "\"unclosed", "x'y", "a [b] {c}", "http://example.com/a?b=c#d", "-.5", "0b101", ".5", "=", "<<",
        "ü:", "x:", "x ", "'a' b", "\"a\" b", "\u00a0nbsp", "a\u2028b", "a\u0085b", "a\uFEFFb", "\U0001F600",
    ];

    private static readonly string[] Noise = ["\t", "\r\n", "\n", "\n\n", " ", "  ", "#", " #", ": ", "- ", "&", "*", "!", "{", "[", "\"", "'", "\\", "|", ">", "\0", "é", "---\n", "...\n", "%YAML 1.1\n"];

    [Fact]
    public void Generated_documents_read_the_same_or_are_left_to_the_existing_reader()
    {
        var random = new Random(20261130);
        var accepted = 0;
        const int Count = 4000;
        for (var i = 0; i < Count; i++)
        {
            var text = Document(random);
            for (var n = random.Next(3) == 0 ? 1 + random.Next(3) : 0; n > 0; n--) text = Perturb(random, text);
            if (YamlFastReaderTests.AssertSameOrFallback(text) is not null) accepted++;
        }

        // Most documents are within the subset: the test cannot pass by the fast reader leaving everything.
        Assert.True(accepted > Count / 5, $"the fast reader accepted only {accepted} of {Count}");
    }

    private static string Document(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(20) == 0) text.Append("---\n");
        var indent = random.Next(10) == 0 ? 1 + random.Next(3) : 0;
        var step = random.Next(6) == 0 ? 1 + random.Next(5) : (random.Next(2) == 0 ? 2 : 4);
        Mapping(random, text, indent, step, 0, mid: false);
        if (random.Next(8) == 0) Comment(random, text, random.Next(3) == 0 ? 2 : 0);
        if (random.Next(15) == 0 && text.Length > 0) text.Length--;
        return text.ToString();
    }

    private static void Mapping(Random random, StringBuilder text, int column, int step, int depth, bool mid)
    {
        var entries = 1 + random.Next(depth == 0 ? 5 : 3);
        for (var e = 0; e < entries; e++)
        {
            if (e > 0 || !mid)
            {
                if (random.Next(6) == 0) Comment(random, text, random.Next(8) == 0 ? column + 2 : column);
                if (random.Next(25) == 0) text.Append('\n');
                text.Append(' ', random.Next(40) == 0 ? column + 1 : column);
            }
            // Mostly distinct keys (a repeated one is refused), sometimes the bare word.
            text.Append(Pick(random, Keys, 6)).Append(random.Next(4) == 0 ? "" : e.ToString(CultureInfo.InvariantCulture)).Append(':');
            Value(random, text, column, step, depth);
        }
    }

    private static void Value(Random random, StringBuilder text, int column, int step, int depth)
    {
        var kind = depth >= 3 ? 0 : random.Next(10);
        switch (kind)
        {
            case 6 or 7:
                text.Append('\n');
                Mapping(random, text, column + step, step, depth + 1, mid: false);
                break;
            case 8:
                text.Append('\n');
                Sequence(random, text, random.Next(4) == 0 ? column : column + step, step, depth + 1);
                break;
            case 9:
                Literal(random, text, random.Next(8) == 0 ? column + random.Next(2) : column + step);
                break;
            default:
                var value = Pick(random, Values, 30);
                text.Append(value.Length == 0 && random.Next(2) == 0 ? "" : " ").Append(value);
                if (random.Next(15) == 0) text.Append(random.Next(2) == 0 ? "  " : " # line comment");
                text.Append('\n');
                break;
        }
    }

    private static void Sequence(Random random, StringBuilder text, int column, int step, int depth)
    {
        var items = 1 + random.Next(3);
        for (var i = 0; i < items; i++)
        {
            if (random.Next(6) == 0) Comment(random, text, random.Next(6) == 0 ? column + 2 : column);
            text.Append(' ', column).Append('-').Append(' ', random.Next(5) == 0 ? 3 : 1);
            if (random.Next(3) == 0 && depth < 3)
            {
                var itemColumn = text.Length - (text.ToString().LastIndexOf('\n') + 1);
                Mapping(random, text, itemColumn, step, depth + 1, mid: true);
            }
            else if (random.Next(6) == 0)
            {
                text.Length--;
                Literal(random, text, column + 1 + random.Next(3));
            }
            else
            {
                text.Append(Pick(random, Values, 30)).Append('\n');
            }
        }
    }

    private static void Literal(Random random, StringBuilder text, int column)
    {
        text.Append(random.Next(5) == 0 ? " |-" : (random.Next(10) == 0 ? " |+" : " |")).Append('\n');
        var lines = 1 + random.Next(4);
        for (var l = 0; l < lines; l++)
        {
            switch (random.Next(8))
            {
                case 0:
                    text.Append('\n');
                    break;
                case 1:
                    text.Append(' ', column + 2).Append("# not a comment: x\n");
                    break;
                case 2 when l > 0:
                    text.Append(' ', column + 1).Append("less\n");
                    break;
                default:
                    text.Append(' ', column).Append("-----BEGIN AGE ENCRYPTED FILE-----\n");
                    break;
            }
        }
        if (random.Next(4) == 0) text.Append('\n');
    }

    private static void Comment(Random random, StringBuilder text, int column)
    {
        text.Append(' ', column).Append('#').Append(random.Next(3) == 0 ? "ENC[AES256_GCM,data:x,iv:y,tag:z,type:comment]" : " note é");
        text.Append(random.Next(10) == 0 ? "\n\n" : "\n");
    }

    private static string Pick(Random random, string[] from, int common) =>
        from[random.Next(12) == 0 ? random.Next(from.Length) : random.Next(Math.Min(common, from.Length))];

    private static string Perturb(Random random, string text)
    {
        var noise = Noise[random.Next(Noise.Length)];
        return random.Next(5) == 0
            ? text.Replace("\n", noise == "\r\n" ? "\r\n" : "\n", StringComparison.Ordinal)
            : text.Insert(random.Next(text.Length + 1), noise);
    }
}
