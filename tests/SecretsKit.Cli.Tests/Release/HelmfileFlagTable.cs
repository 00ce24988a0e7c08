using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The two sides <see cref="HelmfileFlagTableTests"/> compares: docs/migrate-from-helmfile.md's table of helmfile
/// flags, and helmfile's own flag definitions as tests/peers/helmfile-flags.sh extracts them (<c>cmd/*.go</c> of
/// helmfile v1.7.4 into .tools/helmfile-flags): each flag's long name, shorthands and verbs, "all" for a global one.
/// </summary>
internal static partial class HelmfileFlagTable
{
    public sealed record Row(IReadOnlyList<string> Flags, IReadOnlySet<string> Verbs, string Status, string Text)
    {
        public string Name => Flags[0];

        /// <summary>The SecretsKit way an <c>equivalent:</c> row names (its first code span), else null.</summary>
        public string? Equivalent => Status == "equivalent" && CodeSpan().Match(Text) is { Success: true } m ? m.Groups[1].Value : null;
    }

    /// <summary>A helmfile flag as its source defines it: shorthands, verbs ("all" for a global flag), whether it is a boolean.</summary>
    public sealed record PeerFlag(string Name, HashSet<string> Shorthands, HashSet<string> Verbs, bool Boolean);

    public static IReadOnlyList<Row> FromDocs()
    {
        var doc = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "docs", "migrate-from-helmfile.md"));
        var section = doc[doc.IndexOf("## helmfile's command-line flags", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var rows = new List<Row>();
        foreach (Match m in TableRow().Matches(section))
        {
            var flags = CodeSpan().Matches(m.Groups["flags"].Value).Select(f => f.Groups[1].Value).ToList();
            var verbs = m.Groups["verbs"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            rows.Add(new Row(flags, verbs, m.Groups["status"].Value, m.Groups["text"].Value));
        }
        return rows;
    }

    /// <summary>The extracted helmfile sources, or null when tests/peers/helmfile-flags.sh has not run.</summary>
    public static string? PeerDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "helmfile-flags", "cmd");
            if (File.Exists(Path.Combine(candidate, "root.go"))) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Every flag helmfile's cobra commands define: <c>f.XxxVar(&amp;…, "name", …)</c>, <c>XxxVarP(&amp;…, "name", "s", …)</c>
    /// and <c>BoolP("help", "h", …)</c> per file, the file's verb from its <c>Use:</c>, the shared diff flags
    /// (<c>bindCommonDiffFlags</c>) on the verbs that call it, and root.go's persistent flags as "all".
    /// </summary>
    public static Dictionary<string, PeerFlag> FromPeer(string cmdDirectory)
    {
        var files = Directory.GetFiles(cmdDirectory, "*.go").Where(f => !f.EndsWith("_test.go", StringComparison.Ordinal)).ToList();
        var shared = FlagCalls(File.ReadAllText(Path.Combine(cmdDirectory, "bind_diff_flags.go"))).ToList();
        var flags = new Dictionary<string, PeerFlag>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => Path.GetFileName(f) != "bind_diff_flags.go"))
        {
            var text = File.ReadAllText(file);
            var verb = Path.GetFileName(file) == "root.go" ? "all" : Use().Matches(text).Select(m => m.Groups[1].Value).Last();
            var calls = FlagCalls(text).ToList();
            if (text.Contains("bindCommonDiffFlags(", StringComparison.Ordinal)) calls.AddRange(shared);
            foreach (var (name, shorthand, boolean) in calls)
            {
                if (!flags.TryGetValue(name, out var flag)) flags[name] = flag = new PeerFlag(name, [], [], boolean);
                flag.Verbs.Add(verb);
                if (shorthand is not null) flag.Shorthands.Add("-" + shorthand);
            }
        }
        return flags;
    }

    private static IEnumerable<(string Name, string? Shorthand, bool Boolean)> FlagCalls(string goSource) =>
        FlagCall().Matches(goSource).Select(m => (m.Groups["name"].Value, m.Groups["p"].Success ? m.Groups["short"].Value : null, m.Groups["type"].Value == "Bool"));

    [GeneratedRegex(@"\b\w+\.(?<type>Bool|String|Int|StringArray|StringSlice|Duration|Int64|Float64|Uint)(?:Var)?(?<p>P)?\(\s*(?:[^""(),]+,\s*)?""(?<name>[^""]+)""(?:,\s*""(?<short>[^""]*)"")?")]
    private static partial Regex FlagCall();

    [GeneratedRegex(@"Use:\s*""([\w-]+)")]
    private static partial Regex Use();

    [GeneratedRegex(@"^\| (?<flags>`-[^|]+) \| (?<verbs>[^|]+) \| (?<status>supported|equivalent|not offered)(?<text>[^|\n]*)\|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
