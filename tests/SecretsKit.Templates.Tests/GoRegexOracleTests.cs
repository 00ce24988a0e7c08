using System.Text;
using System.Text.Json;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.GoTemplate;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// Whether a text matches a Go regular expression, asked of real Go 1.23 (sprig's <c>regexMatch</c> through the Go
/// template oracle) and of <see cref="GoRegex"/>: its automaton (<see cref="GoRegexAutomaton"/>, what schema patterns and
/// CEL's <c>matches</c> use), its <see cref="GoRegex.IsMatch"/> and .NET's engine behind it. The expressions are the
/// Kubernetes and Gateway API pattern shapes plus seeded random ones over runes, classes, anchors (also doubled and in
/// the middle), repeats and literal braces; the texts are random over the same alphabet, newlines and a non-BMP rune.
/// .NET's engine is held to Go only on texts within the BMP: it reads a rune outside it as two UTF-16 units, so
/// <c>[^a]{2}</c> matches one emoji there; <see cref="GoRegex.IsMatch"/> goes through the automaton, which reads runes.
/// </summary>
public sealed class GoRegexOracleTests
{
    private static readonly string[] Patterns =
    [
        @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
        @"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
        @"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
        @"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$",
        @"^Hostname|IPAddress|NamedAddress|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$",
        @"^([0-9]{1,5}(h|m|s|ms)){1,4}$",
        @"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$",
        @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
    ];

    private const string Alphabet = "ab-.é1_ \n";

    [Fact]
    public async Task Go_and_every_engine_of_GoRegex_agree_on_whether_a_text_matches()
    {
        var random = new Random(20261127);
        var patterns = Patterns.Concat(Enumerable.Range(0, 400).Select(_ => RandomPattern(random, 3))).Distinct().ToList();
        var texts = new[] { "", "a", "web-1.example.com", "10s", "/foo%2Fbar", "A.b", "*.x.io", "x/y", "ab\n", "😀a" }
            .Concat(Enumerable.Range(0, 12).Select(_ => RandomText(random))).ToList();
        var cases = patterns.SelectMany(p => texts.Select(t => (Pattern: p, Text: t))).ToList();
        using var dir = new TempDir("go-regex-cases-");
        var file = Path.Combine(dir.Path, "regex.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(cases.Select((c, i) => new Dictionary<string, object>
        {
            ["name"] = $"case {i}",
            ["flavour"] = "sprig",
            ["template"] = "{{ regexMatch .p .t }}",
            ["data"] = new Dictionary<string, string> { ["p"] = c.Pattern, ["t"] = c.Text },
        })));
        var go = await GoTemplateOracle.RunAsync([file]);
        var failures = new List<string>();
        int automatonChecks = 0, goErrors = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var (pattern, text) = cases[i];
            var (output, error) = go[("regex.json", $"case {i}")];
            if (error is not null) goErrors++;
            automatonChecks += Compare(pattern, text, output, error, failures);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases differ from Go:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(automatonChecks > cases.Count / 2, $"the automaton answered {automatonChecks} of {cases.Count}");
        Assert.True(goErrors < cases.Count / 10, $"{goErrors} of {cases.Count} patterns are not Go's syntax: the generator drifted");
    }

    // Known: a repeat whose rounds may match empty, then a lazy loop: Go stops at the empty match where .NET's
    // non-backtracking engine takes a rune (Go "" against "b" on "bx111"); the engines differ on empty rounds
    private const string EmptyRoundsRepeated = @"(\A+(^[a-c]*(1$))*)+[^a]*?";

    [Fact]
    public async Task Go_and_GoRegex_find_and_replace_the_same_leftmost_matches()
    {
        // expressions that may begin with an optional part, where .NET's non-backtracking engine alone can skip the
        // leftmost match (b?1 in "bx111"), then the random ones; texts within the BMP (see the class comment)
        var random = new Random(20261128);
        string[] optional = ["b?1", "x*y", "(a|b)?c", @"\.?[0-9]+", "q?w+", "(?:-)?[a-z]+", "a{0,2}b", "(ab)*c|d"];
        var patterns = optional.Concat(Patterns).Concat(Enumerable.Range(0, 200).Select(_ => RandomPattern(random, 3))).Distinct().ToList();
        var texts = new[] { "bx111", "zzxxy y", "ac bc c", "v1.25 .5", "qqwww w", "--ab-c", "aab b", "ababc d" }
            .Concat(Enumerable.Range(0, 8).Select(_ => RandomText(random).Replace("😀", "", StringComparison.Ordinal))).ToList();
        var cases = patterns.SelectMany(p => texts.Select(t => (Pattern: p, Text: t))).ToList();
        using var dir = new TempDir("go-regex-find-");
        var file = Path.Combine(dir.Path, "find.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(cases.SelectMany((c, i) => new[] { ("find", "{{ regexFind .p .t }}"), ("replace", "{{ regexReplaceAll .p .t \"<${0}>\" }}") }
            .Select(f => new Dictionary<string, object>
            {
                ["name"] = $"{f.Item1} {i}",
                ["flavour"] = "sprig",
                ["template"] = f.Item2,
                ["data"] = new Dictionary<string, string> { ["p"] = c.Pattern, ["t"] = c.Text },
            }))));
        var go = await GoTemplateOracle.RunAsync([file]);
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (pattern, text) = cases[i];
            if (go[("find.json", $"find {i}")] is not (string find, null)) continue; // not Go's syntax (the match test compares refusals)
            if (pattern == EmptyRoundsRepeated) continue;
            var regex = GoRegex.Compile(pattern);
            var at = $"`{pattern}` on {JsonSerializer.Serialize(text)}";
            if (regex.FindString(text) != find) failures.Add($"{at}: regexFind {JsonSerializer.Serialize(regex.FindString(text))}, Go {JsonSerializer.Serialize(find)}");
            var replaced = regex.ReplaceAll(text, "<${0}>", literal: false);
            if (go[("find.json", $"replace {i}")].Output is { } want && replaced != want) failures.Add($"{at}: regexReplaceAll {JsonSerializer.Serialize(replaced)}, Go {JsonSerializer.Serialize(want)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases differ from Go:\n" + string.Join("\n", failures.Take(30)));
    }

    // 1 when the automaton answered; Go's output is "true" or "false", null when the pattern does not compile in Go.
    private static int Compare(string pattern, string text, string? goOutput, string? goError, List<string> failures)
    {
        var at = $"`{pattern}` on {JsonSerializer.Serialize(text)}";
        GoRegex regex;
        try
        {
            regex = GoRegex.Compile(pattern);
        }
        catch (GoException e)
        {
            if (goOutput is not null) failures.Add($"{at}: Go compiles it, GoRegex: {e.Message}");
            return 0;
        }
        if (goOutput is null)
        {
            failures.Add($"{at}: Go refuses it ({goError}), GoRegex compiles it");
            return 0;
        }
        var want = goOutput == "true";
        if (regex.IsMatch(text) != want) failures.Add($"{at}: IsMatch {!want}, Go {want}");
        // Known: .NET's engine reads a rune outside the BMP as two UTF-16 units (so `[^a]{2}` matches one emoji), Go as one
        if (regex.Matches(text, 1).Count > 0 != want && !text.Any(char.IsSurrogate)) failures.Add($"{at}: .NET engine {!want}, Go {want}");
        if (GoRegexAutomaton.TryBuild(pattern) is not { } automaton) return 0;
        if (automaton.IsMatch(text) != want) failures.Add($"{at}: automaton {!want}, Go {want}");
        return 1;
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        for (var n = random.Next(0, 9); n > 0; n--) sb.Append(random.Next(12) == 0 ? "😀" : Alphabet[random.Next(Alphabet.Length)].ToString());
        return sb.ToString();
    }

    private static string RandomPattern(Random random, int depth)
    {
        var items = random.Next(1, 4);
        var sb = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            if (i > 0 && random.Next(6) == 0) sb.Append('|');
            sb.Append(RandomAtom(random, depth));
            sb.Append(random.Next(9) switch
            {
                0 => "*",
                1 => "+",
                2 => "?",
                3 => "{2}",
                4 => "{1,3}",
                5 => "{2,}",
                6 => "*?",
                _ => "",
            });
        }
        return sb.ToString();
    }

    private static string RandomAtom(Random random, int depth) => random.Next(depth > 0 ? 20 : 16) switch
    {
        0 => ".",
        1 => "^",
        2 => "$",
        3 => @"\A",
        4 => @"\z",
        5 => "[a-c]",
        6 => "[^a]",
        7 => @"[-a\d]",
        8 => @"\w",
        9 => @"\s",
        10 => @"\.",
        11 => @"\x{E9}",
        12 => "x{,2}",
        13 => "😀",
        14 or 15 => Alphabet[random.Next(Alphabet.Length - 1)] switch { '.' => @"\.", var c => c.ToString() },
        16 or 17 => "(" + RandomPattern(random, depth - 1) + ")",
        _ => "(?:" + RandomPattern(random, depth - 1) + ")",
    };
}
