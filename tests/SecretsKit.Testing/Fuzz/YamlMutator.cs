using System.Text;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// Seeded mutations of a valid YAML input (a manifest, a <c>.sops.yaml</c>, a helmfile state, a key stanza), line-aware
/// so that most cases still parse and reach the code behind the parser: a value swapped for the wrong type, a huge
/// scalar, deep nesting (block and flow), an alias bomb, a key defined twice, a line dropped or doubled, bad UTF-8, a NUL,
/// a tab, the input cut short. Each hostile class the second #45 campaign tried has its mutation here. The same seed
/// always gives the same bytes.
/// </summary>
public static class YamlMutator
{
    /// <summary>The hostile classes, in the order <see cref="Mutate"/> picks them.</summary>
    public static IReadOnlyList<string> Classes { get; } =
    [
        "wrong type", "huge scalar", "deep block nesting", "deep flow nesting", "alias bomb", "duplicate key",
        "line dropped", "line doubled", "bad UTF-8", "NUL byte", "tab indent", "cut short", "empty value",
    ];

    private static readonly string[] WrongValues =
    [
        "[a, b]", "{a: b}", "12345678901234567890123", "-1", "1.5e308", "true", "null", "~", "\"\"", "''", "[]", "{}", "!!binary AAAA",
        "&x [*x]", "*undefined", "2001-01-01", "0x1F", ".nan", "\"\\u0000\"", "|\n  multi\n  line", ">-",
    ];

    /// <summary>1 to 3 mutations of <paramref name="input"/>, picked by <paramref name="seed"/>; also says which classes.</summary>
    public static (byte[] Bytes, string Classes) Mutate(string input, int seed)
    {
        var random = new Random(seed);
        var lines = input.Split('\n').Select(l => Encoding.UTF8.GetBytes(l)).ToList();
        var applied = new List<string>();
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            var kind = random.Next(Classes.Count);
            applied.Add(Classes[kind]);
            MutateOnce(lines, kind, random);
        }
        var bytes = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) bytes.Add((byte)'\n');
            bytes.AddRange(lines[i]);
        }
        return ([.. bytes], string.Join(" + ", applied));
    }

    private static void MutateOnce(List<byte[]> lines, int kind, Random random)
    {
        if (lines.Count == 0) lines.Add([]);
        var at = random.Next(lines.Count);
        var line = Encoding.UTF8.GetString(lines[at]);
        var indent = line.Length - line.TrimStart(' ').Length;
        var pad = new string(' ', indent);
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        switch (Classes[kind])
        {
            case "wrong type":
                lines[at] = Text(colon > 0 ? line[..(colon + 2)] + WrongValues[random.Next(WrongValues.Length)] : pad + "- " + WrongValues[random.Next(WrongValues.Length)]);
                break;
            case "huge scalar":
                var huge = new string((char)('a' + random.Next(26)), 1 << (10 + random.Next(11))); // 1 KiB to 1 MiB
                lines[at] = Text(colon > 0 ? line[..(colon + 2)] + huge : pad + huge + ": x");
                break;
            case "deep block nesting":
                var depth = 50 + random.Next(600);
                lines.Insert(at, Text(string.Concat(Enumerable.Range(0, depth).Select(d => "\n" + pad + new string(' ', 2 * d) + "n" + d + ":"))[1..] + " x"));
                break;
            case "deep flow nesting":
                var flow = 50 + random.Next(20_000);
                lines.Insert(at, Text(pad + "deep: " + new string('[', flow) + new string(']', flow)));
                break;
            case "alias bomb":
                lines.Insert(at, Text(string.Join("\n", Common.HostileDocuments.BillionLaughs("bomb0").Split('\n').Select(l => l.Length == 0 ? l : pad + l))));
                break;
            case "duplicate key":
                lines.Insert(at, lines[at]);
                break;
            case "line dropped":
                lines.RemoveAt(at);
                break;
            case "line doubled":
                lines.Insert(random.Next(lines.Count), lines[at]);
                break;
            case "bad UTF-8":
                lines[at] = [.. lines[at], 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80];
                break;
            case "NUL byte":
                var bytes = lines[at].ToList();
                bytes.Insert(random.Next(bytes.Count + 1), 0);
                lines[at] = [.. bytes];
                break;
            case "tab indent":
                lines[at] = Text("\t" + line.TrimStart(' '));
                break;
            case "cut short":
                lines.RemoveRange(at, lines.Count - at);
                if (at > 0) lines[at - 1] = lines[at - 1][..random.Next(lines[at - 1].Length + 1)];
                break;
            default: // empty value
                lines[at] = Text(colon > 0 ? line[..(colon + 1)] : pad);
                break;
        }
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
}
