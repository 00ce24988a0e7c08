using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Go.Regexp;

/// <summary>
/// A compiled Go regular expression: the pattern translated by <see cref="GoRegexSyntax"/>, run by .NET's non-backtracking
/// engine (linear time, like RE2, so a template cannot hang the agent), with Go's rules for successive matches (an empty
/// match right after the previous match is skipped), <c>Split</c>, and <c>$1</c>/<c>${name}</c> expansion. Whether a text
/// matches (<see cref="IsMatch"/>, what schema patterns and CEL's <c>matches</c> ask) is answered by the expression's
/// <see cref="GoRegexAutomaton"/> when it has one (also linear, and nearly free to build), and .NET's engine is then built
/// only when a match's position is asked for.
/// </summary>
public sealed class GoRegex
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
    private readonly string _pattern;
    private readonly TimeSpan _matchTimeout;
    private readonly GoRegexAutomaton? _automaton;
    private readonly IReadOnlyList<string> _names;
    private readonly string _expr;
    private Regex? _regex;
    private Regex? _finder;

    private GoRegex(string expr, string pattern, TimeSpan matchTimeout, IReadOnlyList<string> names, GoRegexAutomaton? automaton)
    {
        (_expr, _pattern, _matchTimeout, _names, _automaton) = (expr, pattern, matchTimeout, names, automaton);
        if (automaton is null) _regex = Build(expr, pattern, matchTimeout);
    }

    /// <summary>Go's <c>regexp.Compile</c>; fails with Go's <c>error parsing regexp: …</c> message.</summary>
    public static GoRegex Compile(string expr) => Compile(expr, Regex.InfiniteMatchTimeout);

    /// <summary>
    /// <see cref="Compile(string)"/> for a pattern someone else wrote, each match by .NET's engine stopped after
    /// <paramref name="matchTimeout"/>: it then fails with a <see cref="GoLimitException"/> saying so (matching is linear, so
    /// only a huge input or pattern gets there).
    /// </summary>
    public static GoRegex Compile(string expr, TimeSpan matchTimeout)
    {
        var (pattern, names) = GoRegexSyntax.Translate(expr);
        return new GoRegex(expr, pattern, matchTimeout, names, GoRegexAutomaton.TryBuild(expr));
    }

    // .NET's engine for the translated pattern (built at once when there is no automaton, so a refusal comes at compile).
    private static Regex Build(string expr, string pattern, TimeSpan matchTimeout)
    {
        try
        {
            return new Regex(pattern, Options, matchTimeout);
        }
        catch (ArgumentException)
        {
            throw new GoException($"error parsing regexp: unsupported expression: `{expr}`");
        }
        catch (NotSupportedException)
        {
            throw new GoException($"error parsing regexp: unsupported expression: `{expr}`");
        }
    }

    private Regex Engine
    {
        get
        {
            if (Volatile.Read(ref _regex) is { } built) return built;
            var regex = Build(_expr, _pattern, _matchTimeout);
            return Interlocked.CompareExchange(ref _regex, regex, null) ?? regex;
        }
    }

    /// <summary>
    /// The engine that says where matches are. .NET's non-backtracking engine can report a later match instead of the
    /// leftmost when the expression may begin with an optional part (<c>b?1</c> in "bx111" finds the last "1", where Go
    /// finds the first; dotnet/runtime#130176): an always-true pair of assertions in front keeps its search from folding
    /// that part in. It costs building (about ten times), so only such expressions get it, and whether a text matches
    /// does not need it.
    /// </summary>
    private Regex Finder
    {
        get
        {
            if (!MayBeginOptional(_expr, _pattern)) return Engine;
            if (Volatile.Read(ref _finder) is { } built) return built;
            var regex = Build(_expr, "(?:\\b|\\B)(?:" + _pattern + ")", _matchTimeout);
            return Interlocked.CompareExchange(ref _finder, regex, null) ?? regex;
        }
    }

    // Conservative: any optional part or alternative, unless the expression starts at the text's beginning.
    private static bool MayBeginOptional(string expr, string pattern) =>
        !pattern.StartsWith("(?:\\A)", StringComparison.Ordinal) && expr.AsSpan().IndexOfAny("?*{|") >= 0;

    // Expressions compiled by CompileShared, by their text (at most 1,000 of at most 1,000 characters).
    private static readonly BoundedCache<string, GoRegex> Shared = new(1000, StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Compile(string)"/> kept by its text for the next caller: for callers that compile per item (template
    /// functions), since building .NET's engine for an expression costs up to milliseconds (more with <see cref="Finder"/>).
    /// </summary>
    public static GoRegex CompileShared(string expr)
        => expr.Length <= 1000 ? Shared.GetOrAdd(expr, Compile) : Compile(expr);

    /// <summary>Go's <c>regexp.MustCompile</c>: the panic text sprig's non-<c>must</c> functions end with.</summary>
    public static GoRegex MustCompile(string expr) => Must(expr, Compile);

    /// <summary><see cref="MustCompile"/> through <see cref="CompileShared"/>.</summary>
    public static GoRegex MustCompileShared(string expr) => Must(expr, CompileShared);

    private static GoRegex Must(string expr, Func<string, GoRegex> compile)
    {
        try
        {
            return compile(expr);
        }
        catch (GoException e)
        {
            throw new GoException($"regexp: Compile({QuoteExpr(expr)}): {e.Message}");
        }
    }

    // Go's regexp quote: a raw `string` when it can be one, else strconv.Quote.
    private static string QuoteExpr(string expr) =>
        expr.Contains('`', StringComparison.Ordinal) || expr.Any(ch => ch < ' ' && ch != '\t' || ch == '\u007F' || ch == '\uFEFF') ? GoQuote.Quote(expr) : "`" + expr + "`";

    public bool IsMatch(string s)
    {
        if (_automaton is not null) return _automaton.IsMatch(s);
        try
        {
            return Engine.IsMatch(s);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new GoLimitException($"regexp: matching {QuoteExpr(_expr)} took longer than {_matchTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>Go's successive matches: at most <paramref name="n"/> (all when negative).</summary>
    public List<Match> Matches(string s, long n)
    {
        var list = new List<Match>();
        var prevEnd = -1;
        for (var m = Finder.Match(s); m.Success && (n < 0 || list.Count < n); m = m.NextMatch())
        {
            if (m.Length == 0 && m.Index == prevEnd) continue;
            list.Add(m);
            prevEnd = m.Index + m.Length;
        }
        return list;
    }

    /// <summary>Go's <c>FindString</c>: the leftmost match, "" when none.</summary>
    public string FindString(string s) => Finder.Match(s) is { Success: true } m ? m.Value : "";

    /// <summary>Go's <c>ReplaceAllString</c> (or <c>…Literal…</c>); the result stops at <paramref name="maxLength"/> characters (0: none).</summary>
    public string ReplaceAll(string s, string replacement, bool literal, long maxLength = 0)
    {
        var sb = new StringBuilder();
        var last = 0;
        foreach (var m in Matches(s, -1))
        {
            sb.Append(s, last, m.Index - last);
            if (literal) sb.Append(replacement);
            else Expand(sb, replacement, m);
            last = m.Index + m.Length;
            if (maxLength > 0 && sb.Length > maxLength) throw new GoException($"result of more than {maxLength} characters exceeds the template output limit of {maxLength}");
        }
        return sb.Append(s, last, s.Length - last).ToString();
    }

    /// <summary>Go's <c>Regexp.Split</c>.</summary>
    public List<string>? Split(string s, long n)
    {
        if (n == 0) return null;
        if (_expr.Length > 0 && s.Length == 0) return [""];
        var parts = new List<string>();
        int begin = 0, end = 0;
        foreach (var m in Matches(s, n))
        {
            if (n > 0 && parts.Count == n - 1) break;
            end = m.Index;
            if (m.Index + m.Length != 0) parts.Add(s[begin..end]);
            begin = m.Index + m.Length;
        }
        if (end != s.Length) parts.Add(s[begin..]);
        return parts;
    }

    /// <summary>Go's <c>Regexp.Expand</c>: <c>$name</c>/<c>${name}</c> (longest run of letters, digits, <c>_</c>), <c>$$</c>.</summary>
    private void Expand(StringBuilder sb, string template, Match m)
    {
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryName(template, i, out var name, out var next))
            {
                sb.Append('$');
                continue;
            }
            i = next;
            var group = GroupNumber(name);
            if (group < 0) group = _names.ToList().IndexOf(name);
            if (group >= 0 && group < _names.Count && m.Groups[group].Success) sb.Append(m.Groups[group].Value);
        }
        sb.Append(template, i, template.Length - i);
    }

    private static bool TryName(string t, int i, out string name, out int next)
    {
        (name, next) = ("", i);
        var brace = i < t.Length && t[i] == '{';
        if (brace) i++;
        var start = i;
        while (i < t.Length)
        {
            var r = Rune.GetRuneAt(t, i);
            if (!Rune.IsLetter(r) && !Rune.IsDigit(r) && r.Value != '_') break;
            i += r.Utf16SequenceLength;
        }
        if (i == start) return false;
        name = t[start..i];
        if (brace)
        {
            if (i >= t.Length || t[i] != '}') return false;
            i++;
        }
        next = i;
        return true;
    }

    private static int GroupNumber(string name)
    {
        if (name.Length > 1 && name[0] == '0') return -1;
        var n = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || n >= 100_000_000) return -1;
            n = (n * 10) + (c - '0');
        }
        return n;
    }
}
