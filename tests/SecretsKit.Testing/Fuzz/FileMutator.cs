using System.Text;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// Seeded mutations of a valid encrypted file, as an attacker or a careless tool would make them: bytes flipped, cut,
/// lines duplicated or swapped, and hostile snippets (alias bombs, deep nesting, a second sops block, wrong metadata
/// types, NUL, long lines) pasted in. The same seed always gives the same file. Shared by the CI slice
/// (<c>ReaderFuzzTests</c>) and the longer campaign (<c>bench/Fuzz</c>) through <see cref="ReaderFuzzer"/>.
/// </summary>
public static class FileMutator
{
    private static readonly string[] Snippets =
    [
        Common.HostileDocuments.BillionLaughs("lol0_unencrypted"),
        Common.HostileDocuments.DeepYaml(12_000),
        Common.HostileDocuments.DeepJson(12_000),
        "sops:\n    version: [3, 13]\n",
        "    mac_only_encrypted: \"yes\"\n",
        "    lastmodified: \"2026-05-22T20:16:23+00:00\"\n",
        "    encrypted_regex: ^nothing$\n",
        "    unencrypted_suffix: _plain\n",
        "\"sops\": {\"version\": 1},\n",
        "sops_version=[1]\n",
        "a: &a [x, x, x]\nb: [*a, *a, *a]\n",
        "%YAML 1.2\n",
        "\0",
        "x: " + new string('y', 70_000) + "\n",
        "  key with spaces  = v\n",
        "ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]",
        "\n[section]\n",
        "{{{{[[[[",
    ];

    public static byte[] Mutate(byte[] input, int seed)
    {
        var random = new Random(seed);
        var bytes = input.ToList();
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++) MutateOnce(bytes, random);
        return [.. bytes];
    }

    private static void MutateOnce(List<byte> bytes, Random random)
    {
        if (bytes.Count == 0)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(Snippets[random.Next(Snippets.Length)]));
            return;
        }
        var at = random.Next(bytes.Count);
        switch (random.Next(7))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64)));
                break;
            case 2:
                var (start, length) = Line(bytes, at);
                bytes.InsertRange(start, bytes.GetRange(start, length));
                break;
            case 3:
                var first = Line(bytes, at);
                var second = Line(bytes, random.Next(bytes.Count));
                if (first.Start == second.Start) break;
                var (a, b) = first.Start < second.Start ? (first, second) : (second, first);
                if (a.Start + a.Length > b.Start) break;
                var lineB = bytes.GetRange(b.Start, b.Length);
                var lineA = bytes.GetRange(a.Start, a.Length);
                bytes.RemoveRange(b.Start, b.Length);
                bytes.InsertRange(b.Start, lineA);
                bytes.RemoveRange(a.Start, a.Length);
                bytes.InsertRange(a.Start, lineB);
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            default:
                bytes.InsertRange(Line(bytes, at).Start, Encoding.UTF8.GetBytes(Snippets[random.Next(Snippets.Length)]));
                break;
        }
    }

    /// <summary>The line holding <paramref name="at"/>: its start and length with its newline.</summary>
    private static (int Start, int Length) Line(List<byte> bytes, int at)
    {
        var start = at;
        while (start > 0 && bytes[start - 1] != (byte)'\n') start--;
        var end = at;
        while (end < bytes.Count && bytes[end] != (byte)'\n') end++;
        return (start, Math.Min(bytes.Count, end + 1) - start);
    }
}
