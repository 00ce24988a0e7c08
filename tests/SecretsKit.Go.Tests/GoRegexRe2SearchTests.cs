using System.Text;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Go.Tests;

/// <summary>
/// Go's own regexp test data as the oracle: <c>regexp/testdata/re2-search.txt</c> from the Go 1.23 sources that
/// scripts/setup.sh installs for the Go template oracle (golang-1.23-src), the file Go's <c>TestRE2Search</c> reads.
/// Each case is an expression, a text and where Go finds the match, also for the expression anchored at both ends. Every
/// case is run through <see cref="GoRegex.IsMatch"/> (the automaton where the expression has one), through .NET's engine
/// (<see cref="GoRegex.Matches"/>, with the match's place for ASCII texts) and, where it builds, the automaton alone.
/// </summary>
public sealed class GoRegexRe2SearchTests
{
    private const string File = "/usr/lib/go-1.23/src/regexp/testdata/re2-search.txt";

    private sealed record Case(int Line, string Expr, string Text, string Full, string Partial);

    [Fact]
    public void Every_case_of_Go_s_re2_search_file_matches_as_Go_says()
    {
        var cases = Read();
        var failures = new List<string>();
        int automatonChecks = 0, skipped = 0, known = 0;
        foreach (var c in cases)
        {
            if (c.Expr.Contains(@"\C", StringComparison.Ordinal))
            {
                skipped++; // Go refuses \C too (TestRE2Search skips it)
                continue;
            }
            var differences = new List<string>();
            automatonChecks += Check(c, c.Expr, c.Partial, differences) + Check(c, $@"\A(?:{c.Expr})\z", c.Full, differences);
            if (differences.Count > 0 && KnownDifference(c) is not null) known++;
            else failures.AddRange(differences);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} checks of {cases.Count} cases differ from Go:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(cases.Count > 1800, $"only {cases.Count} cases read from {File}");
        Assert.True(automatonChecks > 1400, $"the automaton answered only {automatonChecks} of {2 * cases.Count} checks");
        Assert.True(skipped <= 80 && known <= 34, $"{skipped} cases skipped (\\C), {known} known differences");
    }

    // What .NET's engine cannot do as Go does, so GoRegex differs (and the automaton does not take these expressions).
    private static string? KnownDifference(Case c) =>
        c.Expr.Contains(@"\p{", StringComparison.Ordinal) || c.Expr.Contains(@"\P{", StringComparison.Ordinal)
            ? "Unicode scripts (\\p{Greek}): .NET has no script data, so GoRegex refuses them with an error"
            : (c.Expr.Contains(@"\b", StringComparison.Ordinal) || c.Expr.Contains(@"\B", StringComparison.Ordinal)) && !c.Text.All(char.IsAscii)
                ? "\\b and \\B beside a non-ASCII letter: Go's word characters are ASCII, .NET's boundary is Unicode's"
                : null;

    // 1 when the automaton answered the case.
    private static int Check(Case c, string expr, string want, List<string> failures)
    {
        var matches = want != "-";
        GoRegex regex;
        try
        {
            regex = GoRegex.Compile(expr);
        }
        catch (GoException e)
        {
            failures.Add($"{c.Line}: `{expr}` does not compile: {e.Message}");
            return 0;
        }
        var at = $"{c.Line}: `{expr}` on {GoQuoted(c.Text)}";
        if (regex.IsMatch(c.Text) != matches) failures.Add($"{at}: IsMatch {!matches}, Go {matches}");
        var found = regex.Matches(c.Text, 1);
        if (found.Count > 0 != matches) failures.Add($"{at}: .NET engine {!matches}, Go {matches}");
        else if (matches && c.Text.All(char.IsAscii) && $"{found[0].Index}-{found[0].Index + found[0].Length}" != want.Split(' ')[0])
            failures.Add($"{at}: .NET engine at {found[0].Index}-{found[0].Index + found[0].Length}, Go {want.Split(' ')[0]}");
        if (GoRegexAutomaton.TryBuild(expr) is not { } automaton) return 0;
        if (automaton.IsMatch(c.Text) != matches) failures.Add($"{at}: automaton {!matches}, Go {matches}");
        return 1;
    }

    private static string GoQuoted(string s) => Strconv.GoQuote.Quote(s);

    private static List<Case> Read()
    {
        Assert.True(System.IO.File.Exists(File), $"{File} is missing: scripts/setup.sh installs it (golang-1.23-src, scripts/go-template-oracle.sh)");
        var cases = new List<Case>();
        var strings = new List<string?>();
        var inStrings = false;
        var pending = new Queue<string?>();
        string? expr = null;
        var lines = System.IO.File.ReadAllLines(File);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length == 0 || line[0] == '#' || char.IsAsciiLetterUpper(line[0])) continue;
            if (line == "strings") (inStrings, strings) = (true, []);
            else if (line == "regexps") inStrings = false;
            else if (line[0] == '"' && inStrings) strings.Add(Unquote(line));
            else if (line[0] == '"') (expr, pending) = (Unquote(line), new Queue<string?>(strings));
            else
            {
                var text = pending.Dequeue();
                var results = line.Split(';');
                if (text is not null && expr is not null) cases.Add(new Case(n + 1, expr, text, results[0], results[1]));
            }
        }
        return cases;
    }

    // Go's strconv.Unquote of a double-quoted string; null when its bytes are not UTF-8 (a .NET string cannot hold them).
    private static string? Unquote(string quoted)
    {
        var bytes = new List<byte>();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] != '\\')
            {
                var end = quoted.IndexOf('\\', i);
                end = end < 0 ? quoted.Length - 1 : end;
                bytes.AddRange(Encoding.UTF8.GetBytes(quoted[i..end]));
                i = end - 1;
                continue;
            }
            var e = quoted[++i];
            switch (e)
            {
                case 'x':
                    bytes.Add(Convert.ToByte(quoted.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    bytes.Add(Convert.ToByte(quoted.Substring(i, 3), 8));
                    i += 2;
                    break;
                case 'u' or 'U':
                    var digits = e == 'u' ? 4 : 8;
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(Convert.ToInt32(quoted.Substring(i + 1, digits), 16))));
                    i += digits;
                    break;
                default:
                    bytes.Add((byte)(e switch { 'a' => 7, 'b' => 8, 'f' => 12, 'n' => 10, 'r' => 13, 't' => 9, 'v' => 11, _ => e }));
                    break;
            }
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
